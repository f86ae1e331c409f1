import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, startBackendProcess, type BackendProcess } from '@callboard/test-utils';
import { report } from '../report';
import { measurePageTransfer } from './pageTransfer';

interface PortalPage {
  name: string;
  path: string;
  /** The budget for a first visit, in kB (1,000 bytes) on the wire; none for the rest. */
  targetKb?: number;
  /** Resolves once the page shows its own content (not only the shell). */
  ready(page: Page): Promise<unknown>;
}

const heading = (name: string | RegExp) => (page: Page) =>
  page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 60_000 });

/** A graph laid out by ELK and drawn by Cytoscape. */
const drawnGraph = (page: Page) =>
  page
    .locator('[data-testid="entity-graph"][data-state="ready"]')
    .first()
    .waitFor({ timeout: 60_000 });

/** The pages of the example catalog a newcomer opens first, and the heaviest ones. */
const pages: PortalPage[] = [
  { name: 'home', path: '/', targetKb: 250, ready: heading('Home') },
  {
    name: 'catalog',
    path: '/catalog',
    targetKb: 300,
    ready: page => page.locator('main table tbody tr a').first().waitFor({ timeout: 60_000 }),
  },
  {
    name: 'entity',
    path: '/catalog/default/component/payments-service',
    targetKb: 350,
    ready: heading('Payments service'),
  },
  {
    name: 'system',
    path: '/catalog/default/system/payments',
    targetKb: 350,
    ready: page =>
      page
        .getByRole('region', { name: 'Parts of this system' })
        .getByRole('link', { name: 'Payments service' })
        .waitFor({ timeout: 60_000 }),
  },
  {
    // The same page once its diagram (below the fold, loaded when scrolled to) is drawn.
    name: 'system-diagram',
    path: '/catalog/default/system/payments',
    ready: async page => {
      const card = page.getByRole('region', { name: 'System diagram' });
      await card.waitFor({ timeout: 60_000 });
      await card.scrollIntoViewIfNeeded();
      await drawnGraph(page);
    },
  },
  {
    name: 'api-definition',
    path: '/catalog/default/api/payments-api/api',
    ready: page => page.getByText('Payments API', { exact: false }).first().waitFor(),
  },
  {
    name: 'dependencies',
    path: '/catalog/default/component/payments-service/dependencies',
    ready: drawnGraph,
  },
  { name: 'create', path: '/create', ready: heading(/create/i) },
  {
    name: 'template-form',
    path: '/create/templates/default/typescript-service',
    ready: page =>
      page.getByRole('textbox', { name: /^Name/ }).first().waitFor({ timeout: 60_000 }),
  },
];

const kb = (bytes: number) => Math.round(bytes / 100) / 10;

/**
 * `npm run bench portal-transfer`: what a first visit to each page costs on the wire. Starts the
 * real backend (`npm run serve`'s entry point, the repository's app-config.yaml with the example
 * catalog, an in-memory embedded database), opens every page in a fresh Chromium profile (a cold
 * cache) and sums the encoded sizes of every response Chromium received. Needs a built frontend
 * (`npm run build`). One JSON line per page; `meetsTarget` says whether the issue's budget holds.
 */
export async function benchPortalTransfer(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-bench-transfer-'));
  let backend: BackendProcess | undefined;
  try {
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        backend: {
          listen: { port: 0, host: '127.0.0.1' },
          database: { client: 'pglite', connection: { directory: ':memory:' } },
        },
      }),
    );
    backend = startBackendProcess({ args: ['--config', config] });
    const url = await backend.ready;
    await waitForExampleCatalog(url);
    for (const portalPage of pages) {
      // A new profile for every page: nothing cached, as on a first visit.
      const browser = await openBrowser();
      try {
        const page = await browser.newPage();
        const transfer = await measurePageTransfer(
          page,
          `${url}${portalPage.path}`,
          portalPage.ready,
        );
        await browser.screenshot(page, `bench-transfer-${portalPage.name}`);
        const value = kb(transfer.transferred);
        report({
          name: `portal.transfer.${portalPage.name}`,
          unit: 'kB',
          value,
          ...(portalPage.targetKb === undefined
            ? {}
            : {
                targetKb: portalPage.targetKb,
                meetsTarget: value <= portalPage.targetKb ? 'yes' : 'no',
              }),
          path: portalPage.path,
          decodedKb: kb(transfer.decoded),
          requests: transfer.requests,
          ...Object.fromEntries(
            Object.entries(transfer.byType).map(([type, bytes]) => [
              `${type.toLowerCase()}Kb`,
              kb(bytes),
            ]),
          ),
          largest: transfer.largest
            .map(item => `${item.url} ${kb(item.transferred)} kB ${item.encoding}`)
            .join(', '),
        });
      } finally {
        await browser.close();
      }
    }
  } finally {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The example organisation is read from config at start-up; wait until its pages have data. */
async function waitForExampleCatalog(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  const expected = [
    'component/default/payments-service',
    'api/default/payments-api',
    'system/default/payments',
    'template/default/typescript-service',
  ];
  for (;;) {
    const found = await Promise.all(
      expected.map(async ref => {
        const response = await fetch(`${url}/api/catalog/entities/by-name/${ref}`);
        return response.ok;
      }),
    );
    if (found.every(Boolean)) return;
    if (Date.now() > deadline)
      throw new Error(`The example catalog was not ingested: ${expected.join(', ')}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}
