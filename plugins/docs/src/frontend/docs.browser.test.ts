import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
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
import { renderMarkdown } from '../backend/rendering/renderMarkdown';
import {
  docsPageSchema,
  docsSiteListSchema,
  docsSiteSchema,
  type DocsPage,
  type DocsSite,
  type DocsSiteSummary,
} from '../common';

/**
 * The docs pages in Chromium, against the real server and catalog, with the docs API answered
 * by the test (`page.route`): every answer is parsed with the API's own schemas first, so the
 * pages are tested against the contract the backend implements. Page HTML comes from the real
 * Markdown renderer and sanitizer.
 */

const distDir = resolve(repositoryRoot, 'packages/app/dist');
/** Where the screenshots are copied to be looked at. */
const shotsDir = join(tmpdir(), 'docs-shots');

const catalogYaml = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations: { backstage.io/techdocs-ref: 'dir:.' }
spec: { type: service, lifecycle: production, owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: broken-docs
  annotations: { backstage.io/techdocs-ref: 'dir:.' }
spec: { type: service, lifecycle: production, owner: team-b }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: no-docs }
spec: { type: service, lifecycle: production, owner: team-a }
`;

const site = (fields: Partial<DocsSite> & { entityRef: string }): DocsSite =>
  docsSiteSchema.parse({
    title: 'Payments handbook',
    status: 'ready',
    nav: [],
    problems: [],
    ...fields,
  });

const prefix = '/docs/default/component/payments';
const filler = Array.from(
  { length: 12 },
  (_, index) => `Paragraph ${index + 1} of text that pushes the next heading down the page.`,
).join('\n\n');

/** A page as the server renders it: the real renderer, with links rewritten as the server does. */
function renderedPage(urlPath: string, markdown: string, fields: Partial<DocsPage> = {}): DocsPage {
  const path = urlPath ? urlPath.replace(/\/$/, '.md') : 'index.md';
  const rendered = renderMarkdown(markdown, {
    rewriteUrl: url => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#')) return url;
      const resolved = new URL(url, `http://site/${path}`);
      const page = resolved.pathname
        .slice(1)
        .replace(/(^|\/)index\.md$/, '$1')
        .replace(/\.md$/, '/');
      return `${prefix}/${page}${resolved.hash}`;
    },
  });
  return docsPageSchema.parse({
    entityRef: 'component:default/payments',
    urlPath,
    path,
    title: rendered.title ?? urlPath,
    html: rendered.html,
    headings: rendered.headings,
    breadcrumbs: [],
    committedAt: '2026-12-01T10:00:00Z',
    commit: '0123456789abcdef',
    ...fields,
  });
}

const home = renderedPage(
  '',
  `# Payments

Welcome to the payments service. Start with the [setup guide](guides/setup.md#install).

!!! note "Read this first"
    Payments are idempotent.

\`\`\`mermaid
graph TD; Client-->Gateway; Gateway-->Ledger
\`\`\`

=== "npm"
    Run npm.

=== "yarn"
    Run yarn.

\`\`\`yaml
key: 1
\`\`\`

| Field | Meaning |
| :--- | ---: |
| id | the payment |

- [x] done
- [ ] todo
`,
  {
    editUrl: 'https://git.example.com/payments/edit/main/docs/index.md',
    next: { title: 'Setup', urlPath: 'guides/setup/' },
  },
);

const setup = renderedPage(
  'guides/setup/',
  `# Setup\n\n${filler}\n\n## Install\n\n${filler}\n\n## Configure\n\n${filler}\n\nBack [home](../index.md).`,
  {
    breadcrumbs: [{ title: 'Guides' }],
    previous: { title: 'Payments', urlPath: '' },
    editUrl: 'javascript:alert(1)',
  },
);

const hostileMarkdown = `# Hostile

<script>window.pwned = 'script'</script>
<img src="x" onerror="window.pwned = 'img'">
<a href="javascript:window.pwned='link'">click me</a>
<iframe src="https://evil.example.com"></iframe>
<form action="https://evil.example.com"><button>Send</button></form>
<svg><script>window.pwned = 'svg'</script></svg>
<p style="color:red" onclick="window.pwned='click'">styled</p>
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
`;
const hostile = renderedPage('hostile/', hostileMarkdown);
/** What a broken server would send: the same hostile markup, unsanitized. The CSP must hold. */
const unsanitized = docsPageSchema.parse({
  ...hostile,
  urlPath: 'unsanitized/',
  html: `<h1 id="unsanitized">Unsanitized</h1><img src="x" onerror="window.pwned='img'"><script>window.pwned='script'</script><a id="js" href="javascript:window.pwned='link'">run</a>`,
  headings: [],
});

const paymentsSite = site({
  entityRef: 'component:default/payments',
  description: 'How payments work',
  nav: [
    { title: 'Payments', urlPath: '' },
    {
      title: 'Guides',
      children: [
        { title: 'Setup', urlPath: 'guides/setup/' },
        { title: 'Hostile', urlPath: 'hostile/' },
        { title: 'Unsanitized', urlPath: 'unsanitized/' },
      ],
    },
    { title: 'Runbook', url: 'https://runbooks.example.com/payments' },
  ],
  problems: ['mkdocs.yml: the nav names missing.md, which is not in the docs folder'],
  commit: '0123456789abcdef',
  committedAt: '2026-12-01T10:00:00Z',
  builtAt: '2026-12-01T10:01:00Z',
  source: 'https://git.example.com/payments/tree/main/',
});

const brokenSite = site({
  entityRef: 'component:default/broken-docs',
  title: 'broken-docs',
  status: 'failed',
  problems: ['mkdocs.yml line 3: bad indentation of a mapping entry'],
});

const summaries: DocsSiteSummary[] = docsSiteListSchema.parse({
  items: [
    {
      entityRef: 'component:default/payments',
      kind: 'Component',
      namespace: 'default',
      name: 'payments',
      entityTitle: 'payments',
      siteTitle: 'Payments handbook',
      owner: 'group:default/team-a',
      status: 'ready',
      committedAt: '2026-12-01T10:00:00Z',
      problemCount: 1,
    },
    {
      entityRef: 'component:default/broken-docs',
      kind: 'Component',
      namespace: 'default',
      name: 'broken-docs',
      entityTitle: 'broken-docs',
      siteTitle: 'broken-docs',
      owner: 'group:default/team-b',
      status: 'failed',
      problemCount: 1,
    },
    {
      entityRef: 'system:default/platform',
      kind: 'System',
      namespace: 'default',
      name: 'platform',
      entityTitle: 'The platform',
      siteTitle: 'Platform guide',
      owner: 'group:default/team-a',
      status: 'ready',
      builtAt: '2026-11-20T08:00:00Z',
      problemCount: 0,
    },
  ],
}).items;

interface MockDocsApi {
  list?: () => { status: number; body: unknown };
  /** The site of `kind/name`; a function to change its answer over time. */
  sites?: Record<string, () => DocsSite>;
  pages?: Record<string, DocsPage>;
}

/** Answers `/api/docs/**` from `api`, as the backend would; records the builds asked for. */
async function mockDocsApi(page: Page, api: MockDocsApi) {
  const builds: string[] = [];
  await page.route('**/api/docs/**', async route => {
    const url = new URL(route.request().url());
    const json = (status: number, body: unknown) =>
      route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
    const notFound = (message: string) =>
      json(404, { error: { name: 'NotFoundError', message }, response: { statusCode: 404 } });
    if (url.pathname === '/api/docs/sites') {
      const answer = api.list?.() ?? { status: 200, body: { items: summaries } };
      return json(answer.status, answer.body);
    }
    const match = /^\/api\/docs\/sites\/default\/([^/]+)\/([^/]+)(\/page|\/build)?$/.exec(
      url.pathname,
    );
    const key = match ? `${match[1]}/${match[2]}` : '';
    const siteOf = api.sites?.[key];
    if (!match || !siteOf) return notFound(`No docs for ${url.pathname}`);
    if (match[3] === '/build') {
      builds.push(key);
      return json(202, {});
    }
    if (match[3] === '/page') {
      const pagePath = url.searchParams.get('path') ?? '';
      const found = api.pages?.[pagePath];
      return found ? json(200, found) : notFound(`No page ${pagePath}`);
    }
    return json(200, siteOf());
  });
  return { builds };
}

const readySites = {
  'component/payments': () => paymentsSite,
  'component/broken-docs': () => brokenSite,
};
const allPages = {
  '': home,
  'guides/setup/': setup,
  'hostile/': hostile,
  'unsanitized/': unsanitized,
};

describe.skipIf(chromiumSkipReason())('docs in Chromium', () => {
  let dir: string;
  let server: TestServer;
  let browser: TestBrowser;
  const consoleErrors: string[] = [];

  async function openPage(api: MockDocsApi, viewport?: { width: number; height: number }) {
    const page = await browser.newPage();
    if (viewport) await page.setViewportSize(viewport);
    page.on('console', message => {
      // Refusals are the CSP check's business; failed requests are the error states under test.
      const expected = /Content Security Policy|Failed to load resource/i;
      if (message.type() === 'error' && !expected.test(message.text())) {
        consoleErrors.push(message.text());
      }
    });
    page.on('pageerror', error => consoleErrors.push(error.message));
    const mock = await mockDocsApi(page, api);
    return { page, ...mock };
  }

  async function shot(target: TestBrowser, page: Page, name: string) {
    const path = await target.screenshot(page, `docs-${name}`);
    mkdirSync(shotsDir, { recursive: true });
    copyFileSync(path, join(shotsDir, `${name}.png`));
  }

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error(`${distDir} has no index.html: run "npm run build" first`);
    }
    dir = mkdtempSync(join(tmpdir(), 'callboard-docs-'));
    const file = join(dir, 'catalog-info.yaml');
    writeFileSync(file, catalogYaml);
    server = await startTestServer({
      appDistDir: distDir,
      config: {
        catalog: {
          processingInterval: { minutes: 30 },
          locations: [{ type: 'file', target: file }],
        },
      },
    });
    await eventually(async () => {
      const response = await server.fetch(
        '/api/catalog/entities/by-name/component/default/payments',
      );
      expect(response.status).toBe(200);
    });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    expect(consoleErrors).toEqual([]);
  });

  it('lists every documented entity, filtered by kind, owner and text', async () => {
    const { page } = await openPage({ sites: readySites, pages: allPages });
    await page.goto(`${server.url}/docs`);
    const table = page.getByRole('region', { name: 'Documented entities' });
    const rowCount = (count: number) =>
      eventually(async () => {
        await expect(table.locator('tbody tr').count()).resolves.toBe(count);
      });
    await table.getByRole('link', { name: 'Payments handbook' }).waitFor();
    await rowCount(3);
    await expect(table.innerText()).resolves.toContain('1 problem');
    await shot(browser, page, 'index-desktop');

    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'System' }).click();
    await page.waitForURL(/kind=System/);
    await rowCount(1);
    await page.getByRole('searchbox', { name: 'Filter by text' }).fill('nothing like this');
    await page.getByText('No documented entity matches these filters.').waitFor();
    await shot(browser, page, 'index-no-match');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await rowCount(3);

    await table.getByRole('link', { name: 'Payments handbook' }).click();
    await page.waitForURL(`${server.url}${prefix}/`);
    await page.getByRole('heading', { level: 1, name: 'Payments', exact: true }).waitFor();
    await page.close();
  });

  it('shows loading, empty and error states on the list', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>(resolve => (release = resolve));
    const { page } = await openPage({ list: () => ({ status: 200, body: { items: [] } }) });
    await page.route('**/api/docs/sites', async route => {
      await held;
      await route.fallback();
    });
    await page.goto(`${server.url}/docs`);
    await page.getByRole('status', { name: 'Loading the docs' }).waitFor();
    await shot(browser, page, 'index-loading');
    release();
    await page.getByText('No entity has docs yet.').waitFor();
    await shot(browser, page, 'index-empty');
    await page.close();

    const failing = await openPage({
      list: () => ({
        status: 500,
        body: {
          error: { name: 'Error', message: 'The docs store is down' },
          response: { statusCode: 500 },
        },
      }),
    });
    await failing.page.goto(`${server.url}/docs`);
    const alert = failing.page.getByRole('alert').filter({ hasText: 'Could not load the docs' });
    await alert.getByText('The docs store is down').waitFor({ timeout: 20_000 });
    await shot(browser, failing.page, 'index-error');
    await failing.page.close();
  });

  it("reads an entity's docs in its Docs tab: nav, links, anchors, admonitions, tabs and Mermaid", async () => {
    const { page } = await openPage({ sites: readySites, pages: allPages });
    await page.goto(`${server.url}/catalog/default/component/payments`);
    await page.getByRole('tab', { name: 'Docs' }).click();
    const tab = `${server.url}/catalog/default/component/payments/docs`;
    await page.waitForURL(`${tab}`);
    const content = page.locator('main');
    await content.getByRole('heading', { level: 1, name: 'Payments', exact: true }).waitFor();

    // An admonition with its title, a Mermaid diagram drawn, tabs, a copy button.
    await expect(content.locator('.admonition.note .admonition-title').innerText()).resolves.toBe(
      'Read this first',
    );
    await content.locator('.docs-mermaid svg').waitFor();
    await expect(content.locator('pre.mermaid').isHidden()).resolves.toBe(true);
    await content.getByRole('tab', { name: 'yarn' }).click();
    await content.getByText('Run yarn.').waitFor();
    await expect(content.getByText('Run npm.').isHidden()).resolves.toBe(true);
    await expect(content.getByRole('button', { name: 'Copy the code' }).count()).resolves.toBe(1);
    await expect(
      content.getByRole('link', { name: /Edit this page/ }).getAttribute('href'),
    ).resolves.toBe('https://git.example.com/payments/edit/main/docs/index.md');
    // The site's problems, folded.
    await content.getByRole('button', { name: '1 problem in these docs' }).click();
    await content.getByText('the nav names missing.md').waitFor();
    await shot(browser, page, 'tab-home');

    // A relative link with an anchor: the page and the heading, in the tab, without a reload.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await content.getByRole('link', { name: 'setup guide' }).click();
    await page.waitForURL(`${tab}/guides/setup/#install`);
    await content.getByRole('heading', { level: 1, name: 'Setup', exact: true }).waitFor();
    await eventually(async () => {
      const box = await content.locator('#install').boundingBox();
      expect(box && box.y >= 0 && box.y < 200).toBe(true);
    });
    await expect(
      page.evaluate(() => (window as unknown as { marker?: number }).marker),
    ).resolves.toBe(1);
    // The table of contents follows the reading.
    const toc = page.getByRole('navigation', { name: 'On this page' });
    await eventually(async () => {
      await expect(toc.locator('[aria-current="location"]').innerText()).resolves.toBe('Install');
    });
    // A javascript: edit URL is not offered.
    await expect(content.getByRole('link', { name: /Edit this page/ }).count()).resolves.toBe(0);
    await shot(browser, page, 'tab-setup-anchor');

    // The nav: the current page is marked; another page by its nav entry.
    const nav = page.getByRole('navigation', { name: 'Docs pages' });
    await expect(
      nav.getByRole('link', { name: 'Setup' }).getAttribute('aria-current'),
    ).resolves.toBe('page');
    await nav.getByRole('link', { name: 'Payments' }).click();
    await page.waitForURL(`${tab}/`);
    await content.getByRole('heading', { level: 1, name: 'Payments', exact: true }).waitFor();
    // Previous and next.
    await content.getByRole('link', { name: /Next\s+Setup/ }).click();
    await page.waitForURL(`${tab}/guides/setup/`);
    await content.getByRole('heading', { level: 1, name: 'Setup', exact: true }).waitFor();
    await page.close();
  });

  it('keeps a deep link to a heading across a reload', async () => {
    const { page } = await openPage({ sites: readySites, pages: allPages });
    await page.goto(`${server.url}${prefix}/guides/setup/#configure`);
    await page.getByRole('heading', { level: 1, name: 'Setup', exact: true }).waitFor();
    const inView = async () => {
      await eventually(async () => {
        const box = await page.locator('#configure').boundingBox();
        expect(box && box.y >= 0 && box.y < 200).toBe(true);
      });
    };
    await inView();
    await page.reload();
    await inView();
    await expect(page.title()).resolves.toContain('Setup');
    await page.close();
  });

  it("shows a broken site's problems, and a site being built once it is ready", async () => {
    const { page } = await openPage({ sites: readySites, pages: allPages });
    await page.goto(`${server.url}/docs/default/component/broken-docs`);
    const alert = page.getByRole('alert').filter({ hasText: 'These docs could not be built' });
    await alert.getByText('mkdocs.yml line 3: bad indentation of a mapping entry').waitFor();
    await page.getByRole('heading', { level: 1, name: 'broken-docs' }).waitFor();
    await shot(browser, page, 'site-failed');
    await page.close();

    let asked = 0;
    const building = await openPage({
      sites: {
        'component/payments': () => {
          asked += 1;
          if (asked === 1) return site({ ...paymentsSite, status: 'pending', nav: [] });
          if (asked <= 3) return site({ ...paymentsSite, status: 'building', nav: [] });
          return paymentsSite;
        },
      },
      pages: allPages,
    });
    await building.page.goto(`${server.url}${prefix}`);
    await building.page
      .getByRole('status')
      .filter({ hasText: /built|Building/ })
      .first()
      .waitFor();
    await shot(browser, building.page, 'site-building');
    await building.page.getByRole('heading', { level: 1, name: 'Payments', exact: true }).waitFor();
    expect(building.builds).toEqual(['component/payments']);
    expect(asked).toBeGreaterThanOrEqual(4);
    await building.page.close();
  });

  it('runs nothing from hostile Markdown, nor from hostile HTML that got past the server', async () => {
    const { page } = await openPage({ sites: readySites, pages: allPages });
    await page.goto(`${server.url}${prefix}/hostile/`);
    await page.getByRole('heading', { level: 1, name: 'Hostile' }).waitFor();
    await page.getByText('styled').waitFor();
    await page.getByText('click me').click();
    await page.getByText('styled').click();
    const content = page.locator('[data-docs-content]');
    await expect(
      content.locator('script, iframe, form, [onerror], [onclick], [style]').count(),
    ).resolves.toBe(0);
    await expect(
      page.evaluate(() => (window as unknown as { pwned?: string }).pwned),
    ).resolves.toBeUndefined();
    // The sanitized page caused no refusal at all.
    expect(browser.cspViolations).toEqual([]);

    // The CSP is the second line: unsanitized markup still runs nothing.
    await page
      .getByRole('navigation', { name: 'Docs pages' })
      .getByRole('link', { name: 'Unsanitized' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Unsanitized' }).waitFor();
    await page.locator('#js').click();
    await expect(
      page.evaluate(() => (window as unknown as { pwned?: string }).pwned),
    ).resolves.toBeUndefined();
    const refused = await eventually(() => {
      const taken = browser.takeCspViolations(/inline event handler|javascript:|inline script/i);
      expect(taken.length).toBeGreaterThan(0);
      return taken;
    });
    expect(refused.join('\n')).toMatch(/script-src/);
    await page.close();
  });

  it('reads well on a 390 px phone and in the dark theme', async () => {
    const phone = await openPage(
      { sites: readySites, pages: allPages },
      { width: 390, height: 844 },
    );
    await phone.page.goto(`${server.url}${prefix}/`);
    await phone.page.getByRole('heading', { level: 1, name: 'Payments', exact: true }).waitFor();
    await phone.page.locator('.docs-mermaid svg').waitFor();
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot(browser, phone.page, 'reader-390');
    // The site nav is behind a button, in a drawer.
    await phone.page.getByRole('button', { name: 'Pages' }).click();
    const drawer = phone.page.getByRole('dialog');
    await drawer.getByRole('button', { name: 'Guides' }).click();
    await drawer.getByRole('link', { name: 'Setup' }).click();
    await phone.page.waitForURL(`${server.url}${prefix}/guides/setup/`);
    await phone.page.getByRole('heading', { level: 1, name: 'Setup', exact: true }).waitFor();
    // The table of contents, folded above the page where there is no column for it.
    await phone.page.getByText('On this page', { exact: true }).first().click();
    await phone.page
      .getByRole('navigation', { name: 'On this page' })
      .getByRole('link', { name: 'Configure' })
      .click();
    await phone.page.waitForURL(`${server.url}${prefix}/guides/setup/#configure`);
    await eventually(async () => {
      const box = await phone.page.locator('#configure').boundingBox();
      expect(box && box.y >= 0 && box.y < 200).toBe(true);
    });
    await shot(browser, phone.page, 'reader-390-toc');
    await phone.page.goto(`${server.url}/docs`);
    await phone.page.getByRole('link', { name: 'Payments handbook' }).waitFor();
    await shot(browser, phone.page, 'index-390');
    await phone.page.close();

    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      const page = await dark.newPage();
      await mockDocsApi(page, { sites: readySites, pages: allPages });
      await page.addInitScript(`localStorage.setItem('callboard-color-scheme', 'dark')`);
      await page.goto(`${server.url}${prefix}/`);
      await page.getByRole('heading', { level: 1, name: 'Payments', exact: true }).waitFor();
      await page.locator('.docs-mermaid svg').waitFor();
      await shot(dark, page, 'reader-dark');
      await page.goto(`${server.url}/docs`);
      await page.getByRole('link', { name: 'Payments handbook' }).waitFor();
      await shot(dark, page, 'index-dark');
      await page.close();
    } finally {
      await dark.close();
    }
  });
});
