import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import type { Page } from 'playwright-core';
import {
  openBrowser,
  startBackendProcess,
  startGitServer,
  withAdminClient,
  type BackendProcess,
  type TestBrowser,
} from '@callboard/test-utils';
import { waitUntilIdle } from '../catalog/backendState';
import { writeBenchConfig } from '../catalog/benchConfig';
import { generateCatalog } from '../catalog/generateCatalog';
import { report } from '../report';

/** Page loads measured per scenario; the median and the slowest are reported. */
const runs = 7;

/**
 * The portal at scale, in headless Chromium against the real backend on PostgreSQL with
 * BENCH_PORTAL_SIZE entities (default 100,000, ingested through the normal pipeline): the time
 * until the catalog page shows its first rows (cold: a fresh browser profile; warm: the app's
 * code cached), until a filter change shows new rows, until an entity page is interactive, and
 * the gzip size of the JavaScript the catalog page loads. Needs `npm run build` first.
 */
export async function benchPortal(): Promise<void> {
  const size = Number(process.env.BENCH_PORTAL_SIZE ?? 100_000);
  const tag = `portal.pg.${size}`;
  const dir = mkdtempSync(join(tmpdir(), 'callboard-bench-portal-'));
  const git = await startGitServer();
  const database = `callboard_bench_${Date.now().toString(36)}`;
  let backend: BackendProcess | undefined;
  let browser: TestBrowser | undefined;
  try {
    const generated = generateCatalog(size);
    const repo = await git.createRepository('bench/portal.git', generated.files);
    const config = writeBenchConfig(dir, { database: { pg: database }, gitHost: git.host });
    backend = startBackendProcess({ args: ['--config', config], env: { LOG_LEVEL: 'info' } });
    const url = await backend.ready;
    const api = (path: string, init?: RequestInit) => fetch(`${url}/api/catalog${path}`, init);
    const started = performance.now();
    const registered = await api('/locations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'url', target: repo.cloneUrl }),
    });
    if (registered.status !== 201) throw new Error(await registered.text());
    const status = await waitUntilIdle(api, generated.count);
    report({
      name: `${tag}.ingest`,
      unit: 'ms',
      value: Math.round(performance.now() - started),
      entities: status.entities,
    });

    browser = await openBrowser();
    await measureBundle(tag, browser, `${url}/catalog`);
    const sample = generated.sampleComponentNames;

    const cold: number[] = [];
    for (let run = 0; run < runs; run++) {
      // A new browser profile each time: nothing cached, as on a first visit.
      const fresh = await openBrowser();
      try {
        cold.push(await catalogFirstRows(await fresh.newPage(), `${url}/catalog`));
      } finally {
        await fresh.close();
      }
    }
    summarize(`${tag}.catalog-first-rows.cold`, cold);

    const page = await browser.newPage();
    const warm: number[] = [];
    for (let run = 0; run < runs; run++) {
      warm.push(await catalogFirstRows(page, `${url}/catalog?kind=component`));
    }
    summarize(`${tag}.catalog-first-rows.warm`, warm);

    const filtered: number[] = [];
    for (let run = 0; run < runs; run++) {
      const lifecycle = ['production', 'experimental', 'deprecated'][run % 3]!;
      filtered.push(
        await catalogFirstRows(
          page,
          `${url}/catalog?kind=component&lifecycle=${lifecycle}&text=${run}`,
        ),
      );
    }
    summarize(`${tag}.catalog-filtered-rows.warm`, filtered);

    const entity: number[] = [];
    for (let run = 0; run < runs; run++) {
      const name = sample[(run * 13) % sample.length]!;
      entity.push(await entityInteractive(page, `${url}/catalog/default/component/${name}`, name));
    }
    summarize(`${tag}.entity-interactive.warm`, entity);
    await page.close();
  } finally {
    await browser?.close();
    await backend?.stop();
    await git.close();
    rmSync(dir, { recursive: true, force: true });
    await withAdminClient(client =>
      client.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`),
    );
  }
}

/** Milliseconds from navigation start until the table shows a row with an entity link. */
async function catalogFirstRows(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(
    () => document.querySelectorAll('main table tbody tr a').length > 0,
    undefined,
    {
      timeout: 60_000,
    },
  );
  return page.evaluate(() => Math.round(performance.now()));
}

/**
 * Milliseconds from navigation start until the entity page shows its name and its Refresh button
 * can be pressed: the header, tabs and data are in and the page answers input.
 */
async function entityInteractive(page: Page, url: string, name: string): Promise<number> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 60_000 });
  const refresh = page.getByRole('button', { name: /refresh/i }).first();
  await refresh.waitFor({ timeout: 60_000 });
  await page.waitForFunction(
    () => {
      const button = [...document.querySelectorAll('button')].find(b =>
        /refresh/i.test(b.textContent ?? b.getAttribute('aria-label') ?? ''),
      );
      return button !== undefined && !button.hasAttribute('disabled');
    },
    undefined,
    { timeout: 60_000 },
  );
  return page.evaluate(() => Math.round(performance.now()));
}

/** The JavaScript a first visit to the catalog page downloads, raw and gzip-compressed. */
async function measureBundle(tag: string, browser: TestBrowser, url: string): Promise<void> {
  const page = await browser.newPage();
  const scripts: Array<Promise<{ raw: number; gzip: number }>> = [];
  page.on('response', response => {
    if (response.request().resourceType() !== 'script') return;
    scripts.push(response.body().then(body => ({ raw: body.length, gzip: gzipSync(body).length })));
  });
  await catalogFirstRows(page, url);
  const sizes = await Promise.all(scripts);
  report({
    name: `${tag}.catalog-page-js`,
    unit: 'KB gzip',
    value: Math.round(sizes.reduce((sum, size) => sum + size.gzip, 0) / 1024),
    rawKb: Math.round(sizes.reduce((sum, size) => sum + size.raw, 0) / 1024),
    files: sizes.length,
  });
  await page.close();
}

function summarize(name: string, values: number[]): void {
  const sorted = [...values].sort((a, b) => a - b);
  report({
    name,
    unit: 'ms',
    value: sorted[Math.floor(sorted.length / 2)]!,
    max_ms: sorted[sorted.length - 1]!,
    min_ms: sorted[0]!,
    runs: sorted.length,
  });
}
