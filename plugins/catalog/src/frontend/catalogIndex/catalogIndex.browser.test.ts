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
import type { Page } from 'playwright-core';

/** The built app; `npm test` builds it before running vitest. */
const distDir = resolve(repositoryRoot, 'packages/app/dist');

const yaml = (...documents: string[]) => documents.map(d => d.trim()).join('\n---\n') + '\n';

/**
 * Thirty components, enough for three pages of ten. Every third is a website, odd ones belong
 * to team-a (written three ways, which the owner filter must treat as one), and tags follow
 * `i % 5`, so each filter's expected rows can be worked out here.
 */
const componentCount = 30;
const components = Array.from({ length: componentCount }, (_, i) => ({
  name: `comp-${String(i).padStart(2, '0')}`,
  type: i % 3 === 0 ? 'website' : 'service',
  owner: i % 2 === 1 ? 'team-a' : 'team-b',
  tags: i % 5 === 0 ? ['java'] : i % 5 === 1 ? ['go', 'java'] : [],
  system: i < 10 ? 'shop' : undefined,
}));
const ownerSpellings = ['team-a', 'group:team-a', 'group:default/team-a'];

const catalogYaml = yaml(
  ...['team-a', 'team-b'].map(
    team => `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: ${team} }
spec: { type: team, children: [] }`,
  ),
  `
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: shop, description: Where people buy things. }
spec: { owner: team-a }`,
  ...components.map(
    (component, i) => `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${component.name}
  description: Part number ${i} of the shop.
  tags: [${component.tags.join(', ')}]
spec:
  type: ${component.type}
  lifecycle: production
  owner: ${component.owner === 'team-a' ? ownerSpellings[i % 3] : 'team-b'}${
    component.system ? `\n  system: ${component.system}` : ''
  }`,
  ),
  ...[0, 1, 2].map(
    i => `
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: api-${i}, title: Orders API ${i} }
spec: { type: openapi, lifecycle: production, owner: team-b, definition: "openapi: 3.0.0" }`,
  ),
);

/** A component without an owner: an ingestion problem for the home widget. */
const brokenYaml = yaml(`
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ownerless }
spec: { type: service, lifecycle: production }`);

const names = (filter: (component: (typeof components)[number]) => boolean) =>
  components.filter(filter).map(component => component.name);

describe.skipIf(chromiumSkipReason())('the catalog page and home widgets in Chromium', () => {
  let dir: string;
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error(`${distDir} has no index.html: run "npm run build" first`);
    }
    dir = mkdtempSync(join(tmpdir(), 'callboard-catalog-index-'));
    writeFileSync(join(dir, 'catalog.yaml'), catalogYaml);
    writeFileSync(join(dir, 'broken.yaml'), brokenYaml);
    server = await startTestServer({
      appDistDir: distDir,
      config: {
        catalog: {
          locations: [
            { type: 'file', target: join(dir, 'catalog.yaml') },
            { type: 'file', target: join(dir, 'broken.yaml') },
          ],
        },
      },
    });
    await eventually(async () => {
      for (const path of [
        '/api/catalog/entities/by-name/component/default/comp-29',
        '/api/catalog/entities/by-name/api/default/api-2',
      ]) {
        const response = await server.fetch(path);
        if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
      }
      const problems = (await (await server.fetch('/api/catalog/problems')).json()) as {
        totalItems: number;
      };
      if (problems.totalItems === 0) throw new Error('the ownerless component is not reported');
    });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${path}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    return page;
  };
  const summary = (page: Page) => page.getByRole('status').filter({ hasText: /^Showing/ });
  const expectSummary = (page: Page, text: string) =>
    summary(page).filter({ hasText: text }).waitFor();
  const rowNames = (page: Page) =>
    page
      .getByRole('region', { name: /components|APIs/i })
      .locator('tbody tr td:first-child a')
      .allTextContents();
  const query = (page: Page) => new URL(page.url()).searchParams;
  /** The chips' radios are visually hidden behind their labels, which take the click. */
  const pickKind = async (page: Page, name: string) => {
    const id = await page.getByRole('radio', { name }).getAttribute('id');
    await page.locator(`label[for="${id}"]`).click();
  };
  /** The header says so at once; the rows are the new order once the summary is back. */
  const sortedBy = async (page: Page, column: string, direction: 'ascending' | 'descending') => {
    await page.locator(`th[aria-sort="${direction}"]`, { hasText: column }).waitFor();
    await expectSummary(page, 'Showing');
  };
  const choose = async (page: Page, filter: string, value: RegExp) => {
    await page.getByRole('combobox', { name: filter }).click();
    await page.getByRole('option', { name: value }).click();
    await page.keyboard.press('Escape');
  };

  it('lists, filters and searches by kind, type, owner, tag and text, all in the URL', async () => {
    const page = await open('/catalog');
    expect(await page.title()).toBe('Catalog · Callboard');
    await expectSummary(page, `Showing 1–20 of ${componentCount} components`);
    await expect(
      page.getByRole('link', { name: 'Register a repository' }).getAttribute('href'),
    ).resolves.toBe('/catalog-import');
    await expect(rowNames(page)).resolves.toEqual(names(() => true).slice(0, 20));
    // Owners and systems link to their pages.
    await expect(
      page.getByRole('link', { name: 'team-a', exact: true }).first().getAttribute('href'),
    ).resolves.toBe('/catalog/default/group/team-a');
    await expect(
      page.getByRole('link', { name: 'shop', exact: true }).first().getAttribute('href'),
    ).resolves.toBe('/catalog/default/system/shop');

    // Kinds, with counts.
    await pickKind(page, 'API 3');
    await expectSummary(page, 'Showing 1–3 of 3 APIs');
    expect(query(page).get('kind')).toBe('api');
    await pickKind(page, `Component ${componentCount}`);
    await expectSummary(page, `of ${componentCount} components`);

    // Type, then owner (one value for the three spellings of team-a), then tag.
    await choose(page, 'Type', /^website/);
    const websites = names(c => c.type === 'website');
    await expectSummary(page, `Showing 1–${websites.length} of ${websites.length} components`);
    await choose(page, 'Owner', /^team-a/);
    const teamAWebsites = names(c => c.type === 'website' && c.owner === 'team-a');
    await expectSummary(page, `of ${teamAWebsites.length} components`);
    await expect(rowNames(page)).resolves.toEqual(teamAWebsites);
    await choose(page, 'Tags', /^java/);
    const expected = names(
      c => c.type === 'website' && c.owner === 'team-a' && c.tags.includes('java'),
    );
    await expectSummary(page, `of ${expected.length} components`);
    await expect(rowNames(page)).resolves.toEqual(expected);
    expect(query(page).getAll('type')).toEqual(['website']);
    expect(query(page).getAll('owner')).toEqual(['group:default/team-a']);
    expect(query(page).getAll('tag')).toEqual(['java']);
    await browser.screenshot(page, 'catalog-index-filtered');

    // Reloading keeps the filters.
    await page.reload();
    await expectSummary(page, `of ${expected.length} components`);
    await expect(rowNames(page)).resolves.toEqual(expected);

    // Nothing matches: say so, and offer the way out.
    await page.getByRole('searchbox', { name: 'Filter by text' }).fill('no such part');
    await page.getByRole('heading', { name: 'No components match these filters' }).waitFor();
    expect(query(page).get('text')).toBe('no such part');
    await browser.screenshot(page, 'catalog-index-empty');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expectSummary(page, `of ${componentCount} components`);
    await expect(
      page.getByRole('searchbox', { name: 'Filter by text' }).inputValue(),
    ).resolves.toBe('');
    expect([...query(page).keys()]).toEqual([]);

    // The text filter matches names and descriptions.
    await page.getByRole('searchbox', { name: 'Filter by text' }).fill('number 2');
    const numberTwo = names(c => /^comp-(02|2\d)$/.test(c.name));
    await expectSummary(page, `of ${numberTwo.length} components`);
    await expect(rowNames(page)).resolves.toEqual(numberTwo);
    // Back and forward walk through the filter history.
    await page.goBack();
    await expectSummary(page, `of ${componentCount} components`);
    await page.close();
  });

  it('sorts on the server and pages by cursor, and reloading keeps the page', async () => {
    const page = await open('/catalog');
    await expectSummary(page, `of ${componentCount} components`);

    await page.getByRole('button', { name: 'Owner' }).click();
    await sortedBy(page, 'Owner', 'ascending');
    expect(query(page).get('sort')).toBe('owner');
    const firstOwner = page
      .locator('tbody tr')
      .first()
      .getByRole('link', { name: /^team-/ });
    await expect(firstOwner.textContent()).resolves.toBe('team-a');
    await page.getByRole('button', { name: 'Owner' }).click();
    await sortedBy(page, 'Owner', 'descending');
    await expect(firstOwner.textContent()).resolves.toBe('team-b');

    // Sorting by system leaves out components without one, and the page says so.
    await page.getByRole('button', { name: 'System' }).click();
    const withSystem = names(c => c.system !== undefined);
    await expectSummary(page, `of ${withSystem.length} components`);
    await page
      .getByText(`${componentCount - withSystem.length} components without a system are not listed`)
      .waitFor();
    await page.getByRole('button', { name: 'Sort by name to see all' }).click();
    await expectSummary(page, `of ${componentCount} components`);

    await page.getByRole('combobox', { name: 'Rows per page' }).click();
    await page.getByRole('option', { name: '10', exact: true }).click();
    await expectSummary(page, `Showing 1–10 of ${componentCount} components`);
    expect(query(page).get('size')).toBe('10');
    await expect(page.getByRole('button', { name: 'Previous page' }).isDisabled()).resolves.toBe(
      true,
    );

    await page.getByRole('button', { name: 'Next page' }).click();
    await expectSummary(page, `Showing 11–20 of ${componentCount} components`);
    expect(query(page).get('cursor')).toBeTruthy();
    await expect(rowNames(page)).resolves.toEqual(names(() => true).slice(10, 20));
    await page.getByRole('button', { name: 'Next page' }).click();
    await expectSummary(page, `Showing 21–30 of ${componentCount} components`);
    await expect(page.getByRole('button', { name: 'Next page' }).isDisabled()).resolves.toBe(true);
    await browser.screenshot(page, 'catalog-index-last-page');

    await page.reload();
    await expectSummary(page, `Showing 21–30 of ${componentCount} components`);
    await expect(rowNames(page)).resolves.toEqual(names(() => true).slice(20, 30));
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expectSummary(page, `Showing 11–20 of ${componentCount} components`);
    await page.goBack();
    await expectSummary(page, `Showing 21–30 of ${componentCount} components`);
    await page.getByRole('button', { name: 'First page' }).click();
    await expectSummary(page, `Showing 1–10 of ${componentCount} components`);

    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await browser.screenshot(page, 'catalog-index-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.close();
  });

  it('shows totals, recent changes and ingestion problems on the home page', async () => {
    const page = await open('/');
    const totals = page.getByRole('region', { name: 'Catalog' });
    const components = totals.getByRole('link', { name: `${componentCount} Component` });
    await components.waitFor();
    await expect(components.getAttribute('href')).resolves.toBe('/catalog?kind=component');
    await expect(totals.getByRole('link', { name: '3 API' }).count()).resolves.toBe(1);

    const recent = page.getByRole('region', { name: 'Recently changed' });
    await expect(recent.getByRole('listitem').count()).resolves.toBeGreaterThan(0);
    await eventually(async () => expect(await recent.getByRole('link').count()).toBe(10));

    const problems = page.getByRole('region', { name: 'Ingestion problems' });
    await problems.getByText('1 problem in the catalog').waitFor();
    await expect(problems.textContent()).resolves.toContain('spec.owner');
    await expect(
      problems.getByRole('link', { name: 'component:ownerless' }).getAttribute('href'),
    ).resolves.toBe('/catalog/default/component/ownerless');
    await browser.screenshot(page, 'catalog-home-widgets');

    await components.click();
    await page.waitForURL(`${server.url}/catalog?kind=component`);
    await expectSummary(page, `of ${componentCount} components`);

    await page.goto(server.url);
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await problems.getByText('1 problem in the catalog').waitFor();
    await browser.screenshot(page, 'catalog-home-widgets-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.close();
  });
});
