import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumSkipReason,
  eventually,
  openBrowser,
  repositoryRoot,
  startGitServer,
  startTestServer,
  type TestBrowser,
  type TestGitServer,
  type TestServer,
} from '@callboard/test-utils';
import type { Page } from 'playwright-core';

/** The built app; `npm test` builds it before running vitest. */
const distDir = resolve(repositoryRoot, 'packages/app/dist');

const yaml = (...documents: string[]) => documents.map(d => d.trim()).join('\n---\n') + '\n';
const entity = (kind: string, name: string, spec: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const component = (name: string, extra = '') =>
  entity(
    'Component',
    name,
    `  type: service\n  lifecycle: production\n  owner: team-a${extra ? `\n${extra}` : ''}`,
  );

/** APIs configured from a file: one per definition type the Definition tab draws. */
const apisYaml = yaml(
  entity(
    'API',
    'orders-api',
    `  type: openapi
  lifecycle: production
  owner: team-a
  definition: |
    openapi: 3.0.3
    info:
      title: Orders
      version: 1.0.0
      description: |
        Orders of the shop. <script>window.__pwned = 1</script>
        <img src="x" onerror="window.__pwned = 2"> [a trap](javascript:window.__pwned=3)
    servers:
      - url: https://orders.example.com
    paths:
      /orders/{id}:
        get:
          summary: Fetch one order
          operationId: getOrder
          parameters:
            - { name: id, in: path, required: true, schema: { type: string } }
          responses:
            '200':
              description: The order`,
  ),
  entity(
    'API',
    'stock-grpc',
    `  type: grpc
  lifecycle: production
  owner: team-a
  definition: |
    syntax = "proto3";
    service Stock {
      rpc GetStock (StockRequest) returns (StockReply);
    }
    message StockRequest { string sku = 1; }
    message StockReply { int32 count = 1; }`,
  ),
  entity(
    'API',
    'shop-graph',
    `  type: graphql
  lifecycle: production
  owner: team-a
  definition: |
    type Query {
      order(id: ID!): Order
    }
    type Order { id: ID! }`,
  ),
  entity(
    'API',
    'broken-openapi',
    `  type: openapi
  lifecycle: production
  owner: team-a
  definition: |
    openapi: 3.0.0
    info: [not: valid`,
  ),
  component('orders-service', '  providesApis: [orders-api]'),
  entity('Group', 'team-a', '  type: team\n  children: []'),
);

/** A loopback port nothing listens on: reading from it fails at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>(done => server.close(() => done()));
  return port;
}

describe.skipIf(chromiumSkipReason())('registering repositories and API definitions', () => {
  let git: TestGitServer;
  let server: TestServer;
  let browser: TestBrowser;
  let configDir: string;
  let deadHost: string;

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error(`${distDir} has no index.html: run "npm run build" first`);
    }
    git = await startGitServer();
    deadHost = `127.0.0.1:${await closedPort()}`;
    configDir = mkdtempSync(join(tmpdir(), 'callboard-import-test-'));
    writeFileSync(join(configDir, 'apis.yaml'), apisYaml);
    server = await startTestServer({
      appDistDir: distDir,
      config: {
        // The test git server and the dead port are on loopback, which reading refuses unless allowed.
        integrations: { git: [{ host: git.host }, { host: deadHost }] },
        backend: { reading: { allow: [{ host: git.host }, { host: deadHost }] } },
        catalog: {
          processingInterval: { minutes: 30 },
          locations: [{ type: 'file', target: join(configDir, 'apis.yaml') }],
        },
      },
    });
    browser = await openBrowser();
    await eventually(async () => {
      const response = await server.fetch('/api/catalog/entities/by-name/api/default/shop-graph');
      expect(response.status).toBe(200);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await git?.close();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  const api = (path: string, init?: RequestInit) => server.fetch(`/api/catalog${path}`, init);

  /** Opens the import page, types the URL and presses Enter. */
  async function analyze(page: Page, url: string) {
    if (!page.url().endsWith('/catalog-import')) {
      await page.goto(`${server.url}/catalog-import`);
    }
    const field = page.getByRole('textbox', { name: 'Repository URL' });
    await field.fill(url);
    await field.press('Enter');
  }

  const importButton = (page: Page) => page.getByRole('button', { name: 'Import', exact: true });

  it('imports a repository after showing what it holds, then forgets it when unregistered', async () => {
    const repo = await git.createRepository('acme/shop.git', {
      'catalog-info.yaml': yaml(
        component('shop-web', '  consumesApis: [cart-api]'),
        entity(
          'API',
          'cart-api',
          '  type: openapi\n  lifecycle: production\n  owner: group:team-a\n  definition:\n    $text: ./cart.yaml',
        ),
      ),
      'cart.yaml': 'openapi: 3.0.0\ninfo: { title: Cart, version: "1" }\npaths: {}\n',
    });
    const page = await browser.newPage();
    await analyze(page, repo.cloneUrl);

    const table = page.getByRole('region', { name: 'Entities found' });
    await table.waitFor();
    const rows = table.getByRole('row');
    await expect(rows.allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/Kind\s+Name\s+Owner\s+Status/),
      expect.stringMatching(/Component\s+shop-web\s+team-a\s+New/),
      expect.stringMatching(/API\s+cart-api\s+team-a\s+New/),
    ]);
    // Nothing is written by the analysis.
    expect((await api('/entities/by-name/component/default/shop-web')).status).toBe(404);
    await expect(page.getByRole('textbox', { name: 'Repository URL' }).inputValue()).resolves.toBe(
      repo.cloneUrl,
    );
    await browser.screenshot(page, 'catalog-import-review');

    await importButton(page).click();
    await page.getByRole('heading', { name: 'Registered' }).waitFor();
    await page.getByText('Ready').nth(1).waitFor();
    await browser.screenshot(page, 'catalog-import-success');

    await page.getByRole('link', { name: 'component:shop-web' }).click();
    await page.waitForURL(`${server.url}/catalog/default/component/shop-web`);
    await page.getByRole('heading', { level: 1, name: 'shop-web' }).waitFor();

    // Unregister: the location goes, and with it everything it brought.
    const locations = (await (await api('/locations')).json()) as Array<{
      data: { id: string; target: string };
    }>;
    const location = locations.find(item => item.data.target === repo.cloneUrl);
    expect(location).toBeDefined();
    expect((await api(`/locations/${location!.data.id}`, { method: 'DELETE' })).status).toBe(204);
    await eventually(async () => {
      expect((await api('/entities/by-name/component/default/shop-web')).status).toBe(404);
      expect((await api('/entities/by-name/api/default/cart-api')).status).toBe(404);
    });
    await page.goto(`${server.url}/catalog/default/component/shop-web`);
    await page.getByRole('heading', { level: 1, name: /not found/i }).waitFor();
    await page.close();
  });

  it('lists every problem of a repository with broken YAML, and imports the valid rest', async () => {
    const repo = await git.createRepository('acme/half-broken.git', {
      'catalog-info.yaml': yaml(
        component('billing'),
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [oops\n',
      ),
    });
    const page = await browser.newPage();
    await analyze(page, repo.cloneUrl);

    const problems = page.getByRole('region', { name: 'Problems' });
    await problems.waitFor();
    const problemText = await problems.innerText();
    expect(problemText).toContain('catalog-info.yaml, document 2, line');
    expect(problemText).toMatch(/YAML error in document 2/);
    expect(problemText).toContain('Importing registers the URL with the 1 entity above');
    await expect(
      page.getByRole('region', { name: 'Entities found' }).getByRole('row').count(),
    ).resolves.toBe(2);
    await expect(importButton(page).isEnabled()).resolves.toBe(true);
    await browser.screenshot(page, 'catalog-import-problems');

    // Someone registers the same URL meanwhile: Import says so and changes nothing.
    const response = await api('/locations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'url', target: repo.cloneUrl }),
    });
    expect(response.status).toBe(201);
    await importButton(page).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'Already registered' });
    await conflict.waitFor();
    await expect(conflict.innerText()).resolves.toContain('already exists');
    await conflict.getByRole('link', { name: 'component:billing' }).waitFor();
    await page.close();
  });

  it('explains why nothing can be imported, and starts over when the URL changes', async () => {
    const empty = await git.createRepository('acme/no-descriptor.git', { 'README.md': '# hi\n' });
    const page = await browser.newPage();

    await analyze(page, empty.cloneUrl);
    const noDescriptor = page.getByRole('alert').filter({ hasText: 'No catalog-info.yaml here' });
    await noDescriptor.waitFor();
    await expect(importButton(page).isDisabled()).resolves.toBe(true);
    await browser.screenshot(page, 'catalog-import-no-descriptor');

    // Editing the URL throws the analysis away.
    await page.getByRole('textbox', { name: 'Repository URL' }).press('End');
    await page.keyboard.type('x');
    await expect(noDescriptor.count()).resolves.toBe(0);
    await expect(importButton(page).count()).resolves.toBe(0);

    await analyze(page, `http://${deadHost}/acme/gone.git`);
    const unreachable = page.getByRole('alert').filter({ hasText: 'Could not read this URL' });
    await unreachable.waitFor();
    await expect(unreachable.innerText()).resolves.toContain(
      `${deadHost} refused the connection — check the URL and port, and that the server is running`,
    );
    await browser.screenshot(page, 'catalog-import-unreachable');

    // Errors of the URL itself are the field's: the server's words under it.
    const field = page.getByRole('textbox', { name: 'Repository URL' });
    await analyze(page, 'https://example.com/acme/payments');
    await page.getByText('Reading from example.com is not allowed').waitFor();
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    await browser.screenshot(page, 'catalog-import-not-allowed');

    await analyze(page, 'not a url');
    await page.getByText('The location target "not a url" is not an absolute URL').waitFor();

    await field.fill('');
    await field.press('Enter');
    await page.getByText('Enter the URL of a repository').waitFor();
    await page.close();
  });

  it('draws an OpenAPI definition with its operations, safely and without leaving the portal', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', request => {
      if (!request.url().startsWith(server.url)) outside.push(request.url());
    });
    await page.goto(`${server.url}/catalog/default/api/orders-api/api`);
    await page.getByRole('heading', { name: 'Fetch one order' }).waitFor();
    await expect(page.getByRole('main').innerText()).resolves.toContain('/orders/{id}');
    await expect(
      page.getByRole('region', { name: 'Provided by' }).getByRole('link').allInnerTexts(),
    ).resolves.toEqual(['orders-service']);
    await expect(page.getByRole('region', { name: 'Consumed by' }).innerText()).resolves.toContain(
      'Nothing consumes this API yet',
    );
    await browser.screenshot(page, 'api-definition-openapi');

    // Scripts, event handlers and javascript: links in descriptions never run.
    await expect(page.evaluate('window.__pwned')).resolves.toBeUndefined();
    await expect(page.locator('main a[href^="javascript:"]').count()).resolves.toBe(0);
    await page.getByText('a trap', { exact: true }).click();
    await expect(page.evaluate('window.__pwned')).resolves.toBeUndefined();
    expect(outside).toEqual([]);
    // DOMPurify parses the description in an inert document (DOMParser) to clean it; Chromium
    // checks the <img onerror> against the Content-Security-Policy while parsing and reports a
    // refusal, though nothing there could run and the handler never reaches the page.
    expect(browser.takeCspViolations(/inline event handler/)).not.toEqual([]);

    // Mantine draws the radio buttons as labels; the label is what people click.
    await page.locator('label', { hasText: /^Raw$/ }).click();
    await expect(
      page.getByRole('region', { name: 'Raw definition' }).innerText(),
    ).resolves.toContain('operationId: getOrder');
    await page.close();
  });

  it('highlights gRPC and GraphQL definitions, and shows a broken OpenAPI one as text', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/catalog/default/api/stock-grpc/api`);
    const proto = page.getByRole('region', { name: 'Protocol Buffers definition' });
    await proto.locator('.hljs-keyword', { hasText: 'service' }).waitFor();
    await expect(proto.innerText()).resolves.toContain('rpc GetStock (StockRequest)');
    await browser.screenshot(page, 'api-definition-grpc');

    await page.goto(`${server.url}/catalog/default/api/shop-graph/api`);
    const graph = page.getByRole('region', { name: 'GraphQL SDL definition' });
    await graph.locator('.hljs-keyword', { hasText: 'type' }).first().waitFor();

    await page.goto(`${server.url}/catalog/default/api/broken-openapi/api`);
    await page.getByRole('alert').filter({ hasText: 'Showing the definition as text' }).waitFor();
    await expect(
      page.getByRole('region', { name: 'YAML definition' }).innerText(),
    ).resolves.toContain('info: [not: valid');
    await page.close();
  });

  it('loads the OpenAPI viewer only on the Definition tab, and reads well in the dark', async () => {
    const page = await browser.newPage();
    const scripts: string[] = [];
    page.on('request', request => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    await page.goto(`${server.url}/catalog`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(scripts.filter(url => /OpenApiViewer|ApiDefinitionTab|highlight/i.test(url))).toEqual(
      [],
    );
    await page.close();

    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      const darkPage = await dark.newPage();
      await darkPage.goto(`${server.url}/catalog/default/api/orders-api/api`);
      await darkPage.getByRole('heading', { name: 'Fetch one order' }).waitFor();
      dark.takeCspViolations(/inline event handler/);
      await expect(
        darkPage.locator('html').getAttribute('data-mantine-color-scheme'),
      ).resolves.toBe('dark');
      await dark.screenshot(darkPage, 'api-definition-openapi-dark');
      await darkPage.goto(`${server.url}/catalog/default/api/stock-grpc/api`);
      await darkPage.locator('.hljs-keyword').first().waitFor();
      await dark.screenshot(darkPage, 'api-definition-grpc-dark');
      await darkPage.goto(`${server.url}/catalog-import`);
      const field = darkPage.getByRole('textbox', { name: 'Repository URL' });
      await field.fill(`${git.url}/acme/no-such-repo.git`);
      await field.press('Enter');
      await darkPage.getByRole('alert').filter({ hasText: 'Could not read this URL' }).waitFor();
      await dark.screenshot(darkPage, 'catalog-import-dark');
    } finally {
      await dark.close();
    }
  });
});
