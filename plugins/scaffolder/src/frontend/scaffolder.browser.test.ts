import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { validateEntity, type Entity } from '@callboard/catalog-model';
import {
  chromiumSkipReason,
  openBrowser,
  repositoryRoot,
  startTestServer,
  type TestBrowser,
  type TestServer,
} from '@callboard/test-utils';
import { freePort, gitClone } from '../backend/test/scaffolderTestKit';

/** The built app; `npm test` builds it before running vitest. */
const distDir = resolve(repositoryRoot, 'packages/app/dist');

/**
 * What a person does at /create, in a real browser against the real backend: choose the service
 * template, fill the form with the catalog's pickers, review, create, watch the steps, follow the
 * link to the new component, and clone the repository that was published.
 */
describe.skipIf(chromiumSkipReason())('creating a service from a template in the browser', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'callboard-scaffolder-browser-'));

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error(`${distDir} has no index.html: run "npm run build" first`);
    }
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const self = `127.0.0.1:${port}`;
    server = await startTestServer({
      config: {
        backend: {
          listen: { port, host: '127.0.0.1' },
          baseUrl: base,
          reading: { allow: [{ host: self }] },
        },
        integrations: { git: [{ host: self }] },
        catalog: {
          locations: [
            { type: 'file', target: join(repositoryRoot, 'examples/catalog/all.yaml') },
            {
              type: 'file',
              target: join(repositoryRoot, 'examples/templates/typescript-service/template.yaml'),
            },
          ],
        },
        scaffolder: {
          targets: [
            {
              type: 'folder',
              host: 'local',
              title: 'This Callboard',
              directory: join(dir, 'repos'),
            },
          ],
        },
      },
    });
    browser = await openBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a catalog-backed picker, searches, and picks the option whose label matches. */
  const pick = async (label: string, search: string, option: RegExp) => {
    const input = page
      .getByRole('textbox', { name: label })
      .or(page.getByRole('combobox', { name: label }));
    await input.first().click();
    await input.first().fill(search);
    await page.getByRole('option', { name: option }).first().click();
  };

  it('fills the form, runs the task, and lands on the new entity', async () => {
    await page.goto(`${base}/create`);
    await page.getByRole('heading', { name: 'TypeScript HTTP service' }).waitFor();
    await browser.screenshot(page, 'scaffolder-gallery');
    await page.getByRole('link', { name: 'Choose TypeScript HTTP service' }).click();
    await page.waitForURL(/\/create\/templates\/default\/typescript-service/);

    // Next on an empty page: every required field says so, next to itself.
    await page.getByRole('textbox', { name: 'Name' }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByText('This field is required.').count()).toBeGreaterThanOrEqual(3);

    // The fields come in the order the template lists them.
    const labels = await page.locator('label').allInnerTexts();
    const order = ['Name', 'Description', 'Owner', 'System', 'Tags'].map(name =>
      labels.findIndex(text => text.replace(/\s*\*$/, '').trim() === name),
    );
    expect(order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]!))).toBe(true);

    await page.getByRole('textbox', { name: 'Name' }).fill('Orders Web');
    await page.getByRole('textbox', { name: 'Description' }).fill('Sells "things" & stuff');
    await pick('Owner', 'platform', /platform-team/i);
    await pick('System', 'pay', /payments/i);
    await page.getByRole('button', { name: 'Next' }).click();
    // The entity name rule is checked before the page can be left.
    await page
      .getByText(/lower case|lowercase|a-z/i)
      .first()
      .waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill('orders-web');
    await browser.screenshot(page, 'scaffolder-step1');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('textbox', { name: 'Repository name' }).waitFor();
    await page.getByRole('textbox', { name: 'Owner' }).fill('acme');
    await page.getByRole('textbox', { name: 'Repository name' }).fill('orders-web');
    await page.getByRole('button', { name: 'Review', exact: true }).click();

    // The review shows every value before anything runs.
    await page.getByRole('button', { name: 'Create' }).waitFor();
    const review = await page.locator('main').innerText();
    for (const value of ['orders-web', 'group:default/platform-team', 'system:default/payments']) {
      expect(review).toContain(value);
    }
    await browser.screenshot(page, 'scaffolder-review');
    await page.getByRole('button', { name: 'Create' }).click();

    // The steps stream in; the run ends completed with its output links.
    await page.waitForURL(/\/create\/tasks\/[0-9a-f-]{36}/);
    await page.getByText('Completed', { exact: true }).first().waitFor({ timeout: 60_000 });
    const taskText = await page.locator('main').innerText();
    for (const step of [
      'Render the skeleton',
      'Publish the repository',
      'Register in the catalog',
    ]) {
      expect(taskText).toContain(step);
    }
    await browser.screenshot(page, 'scaffolder-task-completed');

    await page.getByRole('link', { name: 'Open in catalog' }).click();
    await page.waitForURL(/\/catalog\/default\/component\/orders-web/);
    await page.getByRole('heading', { name: 'orders-web' }).first().waitFor();
    expect(await page.locator('main').innerText()).toContain('platform-team');
    await browser.screenshot(page, 'scaffolder-new-entity');
  });

  it('published a repository that clones, with a valid catalog-info.yaml', async () => {
    const clone = join(dir, 'clone');
    await gitClone(`${base}/api/scaffolder/git/acme/orders-web.git`, clone);
    for (const file of ['package.json', 'Dockerfile', 'src/app.ts', 'docs/index.md']) {
      expect(existsSync(join(clone, file)), file).toBe(true);
    }
    const descriptor = parseYaml(readFileSync(join(clone, 'catalog-info.yaml'), 'utf8')) as Entity;
    expect(validateEntity(descriptor).ok).toBe(true);
    expect(descriptor.metadata.name).toBe('orders-web');
    expect(descriptor.metadata.description).toBe('Sells "things" & stuff');
    expect(descriptor.spec).toMatchObject({
      owner: 'group:default/platform-team',
      system: 'system:default/payments',
    });
    const entity = (await (
      await fetch(`${base}/api/catalog/entities/by-name/component/default/orders-web`)
    ).json()) as Entity;
    expect(entity.relations).toContainEqual({
      type: 'ownedBy',
      targetRef: 'group:default/platform-team',
    });
  });
});
