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
 * A shop: `orders` provides an API, consumes another, depends on `payments`, a database and a
 * queue nobody registered; everything is part of the `shop` system in the `retail` domain.
 */
const shopYaml = yaml(
  `
apiVersion: backstage.io/v1alpha1
kind: Domain
metadata: { name: retail }
spec: { owner: team-shop }`,
  `
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: shop, title: Shop }
spec: { owner: team-shop, domain: retail }`,
  `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: orders, title: Orders service, description: Takes orders. }
spec:
  type: service
  lifecycle: production
  owner: team-shop
  system: shop
  providesApis: [orders-api]
  consumesApis: [payments-api]
  dependsOn: [component:payments, resource:orders-db, resource:ghost-queue]`,
  `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments }
spec:
  type: service
  lifecycle: production
  owner: team-shop
  system: shop
  providesApis: [payments-api]
  dependsOn: [resource:payments-db]`,
  `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: storefront }
spec: { type: website, lifecycle: production, owner: team-shop, system: shop, consumesApis: [orders-api] }`,
  `
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: orders-api }
spec: { type: openapi, lifecycle: production, owner: team-shop, system: shop, definition: 'openapi: 3.0.0' }`,
  `
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: payments-api }
spec: { type: openapi, lifecycle: production, owner: team-shop, system: shop, definition: 'openapi: 3.0.0' }`,
  `
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: orders-db, title: Orders database }
spec: { type: database, owner: team-shop, system: shop }`,
  `
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: payments-db }
spec: { type: database, owner: team-shop, system: shop }`,
  `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-shop }
spec: { type: team, children: [] }`,
);

/** A system of 600 parts: 200 services, each providing an API and using a database. */
const bigParts = 200;
function bigSystemYaml(): string {
  const documents = [
    `
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: big-platform }
spec: { owner: team-shop }`,
  ];
  for (let i = 0; i < bigParts; i++) {
    const dependsOn = [`resource:big-db-${i}`];
    if (i % 3 === 0) dependsOn.push(`component:big-svc-${(i * 13 + 5) % bigParts}`);
    documents.push(
      `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: big-svc-${i} }
spec:
  type: service
  lifecycle: production
  owner: team-shop
  system: big-platform
  providesApis: [big-api-${i}]
  consumesApis: [big-api-${(i * 7 + 3) % bigParts}]
  dependsOn: [${dependsOn.join(', ')}]`,
      `
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: big-api-${i} }
spec: { type: openapi, lifecycle: production, owner: team-shop, system: big-platform, definition: 'openapi: 3.0.0' }`,
      `
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: big-db-${i} }
spec: { type: database, owner: team-shop, system: big-platform }`,
    );
  }
  return yaml(...documents);
}

describe.skipIf(chromiumSkipReason())('the dependency graph in Chromium', () => {
  let dir: string;
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error(`${distDir} has no index.html: run "npm run build" first`);
    }
    dir = mkdtempSync(join(tmpdir(), 'callboard-graph-'));
    writeFileSync(join(dir, 'shop.yaml'), shopYaml);
    writeFileSync(join(dir, 'big.yaml'), bigSystemYaml());
    server = await startTestServer({
      appDistDir: distDir,
      config: {
        catalog: {
          locations: [
            { type: 'file', target: join(dir, 'shop.yaml') },
            { type: 'file', target: join(dir, 'big.yaml') },
          ],
        },
      },
    });
    await eventually(
      async () => {
        const orders = await entity('component/default/orders');
        expect(orders.relations.map(r => r.type)).toContain('providesApi');
        const big = await entity('system/default/big-platform');
        expect(big.relations.filter(r => r.type === 'hasPart')).toHaveLength(3 * bigParts);
        await entity(`resource/default/big-db-${bigParts - 1}`);
        await entity('api/default/orders-api');
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const entity = async (path: string) => {
    const response = await server.fetch(`/api/catalog/entities/by-name/${path}`);
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
    return (await response.json()) as { relations: Array<{ type: string; targetRef: string }> };
  };

  /** The drawing once laid out; its data attributes tell how many nodes and edges it has. */
  const graphOf = async (page: Page, scope = page.locator('body')) => {
    const graph = scope.locator('[data-testid="entity-graph"][data-state="ready"]');
    await graph.waitFor({ timeout: 60_000 });
    return graph;
  };
  const nodeCount = async (page: Page) =>
    Number(await (await graphOf(page)).getAttribute('data-node-count'));

  /** The textual alternative: every relation as "source | relation | target". */
  const relationRows = async (page: Page) => {
    const toggle = page.getByRole('button', { name: /relations as a list/ });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    const table = page.getByRole('region', { name: 'Relations in the graph' });
    const rows = table.getByRole('row');
    await rows.nth(1).waitFor();
    return (await rows.allTextContents())
      .slice(1)
      .map(text => text.replace(/\s*\((component|api|resource|system|domain|group)\)/g, ''));
  };

  it('draws the relations around a component, with the same graph as a list', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/catalog/default/component/orders/dependencies`);
    await expect(nodeCount(page)).resolves.toBe(10);
    await expect(
      page.getByRole('status').filter({ hasText: 'entities' }).textContent(),
    ).resolves.toBe('10 entities, 16 relations, 1 not in the catalog');
    const rows = await relationRows(page);
    expect(rows).toEqual(
      expect.arrayContaining([
        'Orders servicedepends onpayments',
        'Orders servicedepends onOrders database',
        'Orders serviceprovidesorders-api',
        'Orders serviceconsumespayments-api',
        'Orders serviceis part ofShop',
        'paymentsdepends onpayments-db',
        'storefrontconsumesorders-api',
        'Shopis part ofretail',
      ]),
    );
    // A relation to an entity nobody registered is drawn as a missing node, not an error.
    expect(rows).toContain(
      'Orders servicedepends onresource:default/ghost-queue not in the catalog',
    );
    await expect(page.getByRole('list', { name: 'Legend' }).textContent()).resolves.toContain(
      'not in the catalog',
    );
    await browser.screenshot(page, 'graph-component');
    await page.close();
  });

  it('follows the depth and the relation types chosen', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/catalog/default/component/orders/dependencies`);
    await expect(nodeCount(page)).resolves.toBe(10);

    await page.getByRole('radiogroup', { name: 'Depth' }).getByText('1', { exact: true }).click();
    await page.waitForURL(/depth=1/);
    await eventually(async () => expect(await nodeCount(page)).toBe(7));

    await page.getByRole('checkbox', { name: 'APIs' }).uncheck();
    await eventually(async () => expect(await nodeCount(page)).toBe(5));
    const rows = await relationRows(page);
    expect(rows.some(row => row.includes('api'))).toBe(false);

    await page.getByRole('checkbox', { name: 'Ownership' }).check();
    await eventually(async () => expect(await nodeCount(page)).toBe(6));
    expect(await relationRows(page)).toContain('Orders serviceis owned byteam-shop');
    expect(page.url()).toMatch(
      /relations=dependencies%2CpartOf%2Cownership|relations=dependencies,partOf,ownership/,
    );

    for (const name of ['Dependencies', 'Part of', 'Ownership']) {
      await page.getByRole('checkbox', { name }).uncheck();
    }
    await page.getByText('No relation types selected').waitFor();
    await page.close();
  });

  it('opens an entity from a node in the drawing and from the list', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/catalog/default/component/orders/dependencies`);
    const graph = await graphOf(page);
    // Cytoscape keeps its instance on the container; ask it where the node is drawn.
    const canvas = graph.getByRole('application');
    const point = await canvas.evaluate((element: HTMLElement & { _cyreg?: unknown }, id) => {
      const cy = (
        element._cyreg as {
          cy: { $id(id: string): { renderedPosition(): { x: number; y: number } } };
        }
      ).cy;
      const box = element.getBoundingClientRect();
      const position = cy.$id(id).renderedPosition();
      return { x: box.left + position.x, y: box.top + position.y };
    }, 'resource:default/orders-db');
    await page.mouse.move(point.x, point.y);
    // Hovering shows the node's details.
    await page.getByText('resource:default/orders-db', { exact: true }).waitFor();
    await page.mouse.click(point.x, point.y);
    await page.waitForURL(`${server.url}/catalog/default/resource/orders-db`);
    await page.getByRole('heading', { level: 1, name: 'Orders database' }).waitFor();

    await page.goBack();
    await graphOf(page);
    await relationRows(page);
    await page
      .getByRole('region', { name: 'Relations in the graph' })
      .getByRole('link', { name: 'storefront' })
      .first()
      .click();
    await page.waitForURL(`${server.url}/catalog/default/component/storefront`);
    await page.close();
  });

  it('shows a system diagram on the system page, loading it when the card is scrolled to', async () => {
    const page = await browser.newPage();
    // Short enough that the card is below the fold.
    await page.setViewportSize({ width: 1280, height: 600 });
    const chunks: string[] = [];
    page.on('request', request => chunks.push(new URL(request.url()).pathname));
    await page.goto(`${server.url}/catalog/default/system/shop`);
    const card = page.getByRole('region', { name: 'System diagram' });
    await card.getByText('Loading the diagram…').waitFor();
    await page.waitForLoadState('networkidle');
    expect(chunks.filter(path => /EntityGraphView|elkLayout/.test(path))).toEqual([]);
    await card.scrollIntoViewIfNeeded();
    const graph = await graphOf(page, card);
    expect(chunks.filter(path => /EntityGraphView/.test(path))).toHaveLength(1);
    // The system, its domain and its seven parts; not what they depend on elsewhere.
    await expect(graph.getAttribute('data-node-count')).resolves.toBe('9');
    const rows = await relationRows(page);
    expect(rows).toEqual(
      expect.arrayContaining(['paymentsprovidespayments-api', 'Shopis part ofretail']),
    );
    await card.scrollIntoViewIfNeeded();
    await browser.screenshot(page, 'graph-system-card');
    await page.close();
  });

  it("says what went wrong when the catalog can't answer", async () => {
    const page = await browser.newPage();
    await page.route('**/api/catalog/entities/by-refs', route =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { name: 'ServiceUnavailableError', message: 'The catalog database is restarting' },
          request: { method: 'POST', url: '/api/catalog/entities/by-refs' },
          response: { statusCode: 503 },
        }),
      }),
    );
    await page.goto(`${server.url}/catalog/default/component/payments/dependencies`);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load the graph' });
    await expect(alert.textContent()).resolves.toContain('The catalog database is restarting');
    await alert.getByRole('button', { name: 'Retry' }).waitFor();
    await page.close();
  });

  it('draws a system of 600 parts', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const themed = await openBrowser({ colorScheme });
      const page = await themed.newPage();
      await page.addInitScript(
        `localStorage.setItem('callboard-color-scheme', ${JSON.stringify(colorScheme)})`,
      );
      await page.goto(`${server.url}/catalog/default/system/big-platform/dependencies`);
      const graph = await graphOf(page);
      // The system and its 600 parts; each part's other relations stay among them.
      await expect(graph.getAttribute('data-node-count')).resolves.toBe(String(1 + 3 * bigParts));
      // For the report, not an assertion: how long layout and first drawing took here.
      const renderMs = await eventually(async () => {
        const value = await graph.getAttribute('data-render-ms');
        if (!value) throw new Error('not drawn yet');
        return value;
      });
      console.info(`600-node graph (${colorScheme}): laid out and drawn in ${renderMs} ms`);
      await page.getByRole('button', { name: 'Zoom in' }).click();
      await themed.screenshot(page, `graph-600-nodes-${colorScheme}`);
      if (colorScheme === 'dark') {
        await page.goto(`${server.url}/catalog/default/component/orders/dependencies`);
        await graphOf(page);
        await themed.screenshot(page, 'graph-component-dark');
      }
      await themed.close();
    }
  });
});
