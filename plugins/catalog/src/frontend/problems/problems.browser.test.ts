import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumSkipReason,
  eventually,
  openBrowser,
  repositoryRoot,
  startTestServer,
  type TestBrowser,
  type TestServer,
} from '@callboard/test-utils';

/** The built app; `npm test` builds it before running vitest. */
const distDir = resolve(repositoryRoot, 'packages/app/dist');

const yaml = (...documents: string[]) => documents.map(d => d.trim()).join('\n---\n') + '\n';

/** Two problems on an entity whose name is not valid, one on another, and one entity to delete. */
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
const fineYaml = yaml(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: short-lived }
spec: { type: service, lifecycle: production, owner: team-a }`);

describe.skipIf(chromiumSkipReason())('problems and deletion in Chromium', () => {
  let dir: string;
  let server: TestServer;
  let browser: TestBrowser;
  let brokenFile: string;

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error(`${distDir} has no index.html: run "npm run build" first`);
    }
    dir = mkdtempSync(join(tmpdir(), 'callboard-problems-'));
    brokenFile = join(dir, 'broken.yaml');
    writeFileSync(brokenFile, brokenYaml);
    writeFileSync(join(dir, 'fine.yaml'), fineYaml);
    server = await startTestServer({
      appDistDir: distDir,
      config: {
        catalog: {
          processingInterval: { minutes: 30 },
          locations: [
            { type: 'file', target: brokenFile },
            { type: 'file', target: join(dir, 'fine.yaml') },
          ],
        },
      },
    });
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
    const deleted = '/api/catalog/entities/by-name/component/default/short-lived';
    const afterDelete: string[] = [];
    let deletedAt = false;
    page.on('response', response => {
      if (deletedAt && new URL(response.url()).pathname.startsWith(deleted)) {
        afterDelete.push(`${response.status()} ${new URL(response.url()).pathname}`);
      }
    });
    await page.goto(`${server.url}/catalog/default/component/short-lived`);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: /Unregister entity/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Unregister short-lived?' });
    const remove = dialog.getByRole('button', { name: 'Delete only this entity' });
    await remove.waitFor();
    const response = page.waitForResponse(candidate => candidate.request().method() === 'DELETE');
    await remove.click();
    expect((await response).status()).toBe(204);
    deletedAt = true;
    await page.waitForURL(`${server.url}/catalog`);
    await page.getByText('Deleted component:default/short-lived.').waitFor();
    await page.waitForLoadState('networkidle');
    expect(afterDelete).toEqual([]);
    await page.close();
  });
});
