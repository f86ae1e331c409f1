import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumSkipReason,
  eventually,
  openBrowser,
  repositoryRoot,
  startStaticServer,
  startTestServer,
  type TestBrowser,
  type TestServer,
  type TestStaticServer,
} from '@callboard/test-utils';

/** The built app; `npm test` builds it before running vitest. */
const distDir = resolve(repositoryRoot, 'packages/app/dist');

const yaml = (...documents: string[]) => documents.map(d => d.trim()).join('\n---\n') + '\n';

/** Two problems on an entity whose name is not valid, and one on another. */
const brokenYaml = yaml(
  `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: Not A Valid Name! }
spec: { type: service, lifecycle: production }`,
  `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: no-lifecycle }
spec: { type: service, owner: team-a }`,
);
/** Registered through the API (a location that can be unregistered): the entity to delete. */
const registeredYaml = yaml(
  `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: short-lived }
spec: { type: service, lifecycle: production, owner: team-a }`,
  `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: stays }
spec: { type: service, lifecycle: production, owner: team-a }`,
);

describe.skipIf(chromiumSkipReason())('problems and deletion in Chromium', () => {
  let dir: string;
  let server: TestServer;
  let browser: TestBrowser;
  let brokenFile: string;
  let files: TestStaticServer;

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error(`${distDir} has no index.html: run "npm run build" first`);
    }
    dir = mkdtempSync(join(tmpdir(), 'callboard-problems-'));
    brokenFile = join(dir, 'broken.yaml');
    writeFileSync(brokenFile, brokenYaml);
    files = await startStaticServer({ '/registered.yaml': registeredYaml });
    server = await startTestServer({
      appDistDir: distDir,
      config: {
        backend: { reading: { allow: [{ host: files.host }] } },
        catalog: {
          processingInterval: { minutes: 30 },
          locations: [{ type: 'file', target: brokenFile }],
        },
      },
    });
    const registered = await server.fetch('/api/catalog/locations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'url', target: `${files.url}/registered.yaml` }),
    });
    expect(registered.status).toBe(201);
    await eventually(async () => {
      const problems = (await (await server.fetch('/api/catalog/problems')).json()) as {
        items: unknown[];
      };
      expect(problems.items.length).toBe(3);
      const entity = await server.fetch(
        '/api/catalog/entities/by-name/component/default/short-lived',
      );
      expect(entity.status).toBe(200);
    });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await files?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('counts the problems it lists, and links an invalid entity to its location’s problems', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const widget = page.getByRole('region', { name: 'Ingestion problems' });
    await widget.getByText('3 problems in the catalog:').waitFor();
    await expect(widget.getByRole('listitem').count()).resolves.toBe(3);
    await browser.screenshot(page, 'home-problems');

    const invalid = widget.getByRole('link', { name: 'component:Not A Valid Name!' }).first();
    const location = `file:${brokenFile}`;
    await expect(invalid.getAttribute('href')).resolves.toBe(
      `/catalog-problems?${new URLSearchParams({ location }).toString()}`,
    );
    // A valid name still leads to its entity's page.
    await expect(
      widget.getByRole('link', { name: 'component:no-lifecycle' }).getAttribute('href'),
    ).resolves.toBe('/catalog/default/component/no-lifecycle');

    // An entity with a valid name that the catalog could not accept: its page says why.
    const notAccepted = await browser.newPage();
    await notAccepted.goto(`${server.url}/catalog/default/component/no-lifecycle`);
    await notAccepted.getByRole('heading', { level: 1, name: 'Not in the catalog' }).waitFor();
    await expect(notAccepted.locator('main').innerText()).resolves.toContain(
      'spec.lifecycle is required for kind Component',
    );
    await browser.screenshot(notAccepted, 'entity-not-accepted');
    await notAccepted.close();

    await invalid.click();
    await page.getByRole('heading', { level: 1, name: 'Ingestion problems' }).waitFor();
    await page.getByText('3 problems:').waitFor();
    await expect(page.locator('main').innerText()).resolves.toContain(brokenFile);
    await expect(page.locator('main').getByRole('listitem').count()).resolves.toBe(3);
    await browser.screenshot(page, 'location-problems');
    await page.close();
  });

  it('goes back to the catalog after deleting an entity, without asking for it again', async () => {
    const page = await browser.newPage();
    // Every request about the entity from the moment it is deleted: none should ask for it
    // again (its page, processing state, location, ancestry), whatever the answer and even if
    // the page aborts it.
    const askedAgain: string[] = [];
    let deleted = false;
    page.on('request', request => {
      const path = decodeURIComponent(new URL(request.url()).pathname);
      if (request.method() === 'DELETE') deleted = true;
      else if (deleted && path.startsWith('/api/') && path.includes('short-lived')) {
        askedAgain.push(`${request.method()} ${path}`);
      }
    });
    await page.goto(`${server.url}/catalog/default/component/short-lived`);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: /Unregister entity/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Unregister short-lived?' });
    // A registered location: the dialog offers both, and lists what the location brought.
    await dialog.getByRole('list', { name: 'Entities that will be removed' }).waitFor();
    const remove = dialog.getByRole('button', { name: 'Delete only this entity' });
    const response = page.waitForResponse(candidate => candidate.request().method() === 'DELETE');
    await remove.click();
    expect((await response).status()).toBe(204);
    await page.waitForURL(`${server.url}/catalog`);
    await page.getByText('Deleted component:default/short-lived.').waitFor();
    await page.waitForLoadState('networkidle');
    expect(askedAgain).toEqual([]);
    await page.close();
  });
});
