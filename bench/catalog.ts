import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  startBackendProcess,
  startGitServer,
  withAdminClient,
  type BackendProcess,
} from '@callboard/test-utils';
import { writeBenchConfig } from './catalog/benchConfig';
import { peakRssMb, waitForTableMaintenance, waitUntilIdle } from './catalog/backendState';
import { generateCatalog } from './catalog/generateCatalog';
import { fixedRateLoad } from './load/fixedRateLoad';
import { report } from './report';

type Engine = 'pg' | 'pglite';

/**
 * The catalog at scale, on each engine: time from registering a location with N entities to all
 * of them stitched and queryable, the backend's peak memory, then request rates and latencies of
 * by-name (an open loop at a fixed 1,000 req/s), by-query (a page of 100 with a filter), a list with fields,
 * and facets. On PostgreSQL also: how long a pushed change takes to show while the whole catalog
 * is queued for reprocessing. Sizes: BENCH_SIZES=1000,10000; engines: BENCH_ENGINES=pg.
 */
export async function benchCatalog(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
  const engines = (process.env.BENCH_ENGINES ?? 'pg,pglite').split(',') as Engine[];
  for (const engine of engines) {
    for (const size of sizes) {
      await scenario(engine, size);
    }
  }
}

async function scenario(engine: Engine, size: number): Promise<void> {
  const tag = `catalog.${engine}.${size}`;
  const dir = mkdtempSync(join(tmpdir(), 'callboard-bench-catalog-'));
  const git = await startGitServer();
  const database = `callboard_bench_${Date.now().toString(36)}`;
  let backend: BackendProcess | undefined;
  try {
    const generated = generateCatalog(size);
    const repo = await git.createRepository('bench/catalog.git', generated.files);
    const small = await git.createRepository('bench/pushed.git', {
      'catalog-info.yaml': smallComponent('before'),
    });
    const config = writeBenchConfig(dir, {
      database: engine === 'pg' ? { pg: database } : { pgliteDirectory: join(dir, 'db') },
      gitHost: git.host,
    });
    // Readiness is read from the info-level "ready" line.
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the backend.
    backend = startBackendProcess({
      args: ['--config', config],
      env: { LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' },
      nodeArgs: process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean),
    });
    const url = await backend.ready;
    const api = (path: string, init?: RequestInit) => fetch(`${url}/api/catalog${path}`, init);
    const register = (target: string) =>
      api('/locations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'url', target }),
      });

    const first = await register(small.cloneUrl);
    if (first.status !== 201) throw new Error(`registering failed: ${await first.text()}`);
    await waitUntilIdle(api, 1);

    const started = performance.now();
    const registered = await register(repo.cloneUrl);
    if (registered.status !== 201)
      throw new Error(`registering failed: ${await registered.text()}`);
    const stalls = { resets: 0 };
    const status = await waitUntilIdle(api, generated.count + 1, stalls);
    report({
      name: `${tag}.ingest`,
      unit: 'ms',
      value: Math.round(performance.now() - started),
      entities: status.entities,
      problems: status.problems,
      statusPollsReset: stalls.resets,
      peakRssMb: peakRssMb(backend.child.pid!),
    });
    // BENCH_INGEST_ONLY=1 stops here (to profile ingestion alone).
    if (process.env.BENCH_INGEST_ONLY) return;
    // Queries are measured on the settled catalog: once the maintenance that follows a bulk load
    // (VACUUM/ANALYZE of the fresh rows) has run, as it does within seconds of any large change.
    const stitched = new Date();
    const maintenanceMs = await waitForTableMaintenance(url, stitched);
    report({
      name: `${tag}.settled`,
      unit: 'ms',
      value: Math.round(performance.now() - started),
      maintenanceRunMs: maintenanceMs,
    });

    const byNamePaths = generated.sampleComponentNames.map(
      name => `/api/catalog/entities/by-name/component/default/${name}`,
    );
    // An open loop at exactly 1,000 req/s, measured from when each request was due; autocannon's
    // rate mode (bursts at full concurrency, see fixedRateLoad) is reported beside it. The first
    // seconds at that rate are not measured: the route's code is still being compiled (p99 of
    // 22–120 ms over the first 3 s of a fresh server, 5–8 ms after), and a portal serving its
    // users is past that (ADR 0014).
    await fixedRateLoad({
      url,
      paths: byNamePaths,
      rate: 1_000,
      durationSeconds: 5,
      connections: 20,
    });
    const byName = await fixedRateLoad({
      url,
      paths: byNamePaths,
      rate: 1_000,
      durationSeconds: 10,
      connections: 20,
    });
    const burst = await autocannon({
      url,
      connections: 20,
      duration: 10,
      overallRate: 1_000,
      requests: [{ setupRequest: pathsInTurn(byNamePaths) }],
    });
    report({
      name: `${tag}.by-name@1000rps`,
      unit: 'req/s',
      value: byName.achievedRate,
      p50_ms: byName.p50_ms,
      p90_ms: byName.p90_ms,
      p99_ms: byName.p99_ms,
      max_ms: byName.max_ms,
      errors: byName.errors,
      autocannonOverallRate_p50_ms: burst.latency.p50,
      autocannonOverallRate_p99_ms: burst.latency.p99,
    });
    await load(`${tag}.by-query`, url, {
      connections: 8,
      paths: [
        '/api/catalog/entities/by-query?filter=kind=component,spec.lifecycle=production&limit=100&orderField=metadata.name,asc',
      ],
    });
    await load(`${tag}.list-with-fields`, url, {
      connections: 8,
      paths: [
        '/api/catalog/entities?filter=kind=component&fields=kind,metadata.name,spec.owner&limit=100',
      ],
    });
    await load(`${tag}.facets`, url, {
      connections: 8,
      paths: [
        '/api/catalog/entity-facets?facet=spec.type&facet=spec.lifecycle&filter=kind=component',
      ],
    });

    if (engine === 'pg') {
      await pushUnderBacklog(tag, database, api, small, size);
    }
    report({ name: `${tag}.peak-rss`, unit: 'MB', value: peakRssMb(backend.child.pid!) });
  } catch (error) {
    // The backend's last words say why a scenario failed (a crash shows only as ECONNRESET).
    const exit = backend
      ? await Promise.race([backend.exited, new Promise(resolve => setTimeout(resolve, 1000))])
      : undefined;
    process.stderr.write(
      `${tag} failed (backend exit: ${String(exit ?? 'still running')}); backend output:\n${backend?.output().slice(-4000) ?? ''}\n`,
    );
    throw error;
  } finally {
    // BENCH_BACKEND_LOG=file keeps what the backend logged (BENCH_LOG_LEVEL=debug: every batch).
    if (backend && process.env.BENCH_BACKEND_LOG) {
      writeFileSync(process.env.BENCH_BACKEND_LOG, backend.output());
    }
    await backend?.stop();
    await git.close();
    rmSync(dir, { recursive: true, force: true });
    // BENCH_KEEP_DATABASE=1 keeps the loaded PostgreSQL database, to look at its plans afterwards.
    if (engine === 'pg' && !process.env.BENCH_KEEP_DATABASE) {
      await withAdminClient(client =>
        client.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`),
      );
    }
  }
}

/**
 * Queues every entity of the catalog for reprocessing, then pushes a change to another
 * repository and measures until the API shows it: requested work must overtake the backlog.
 */
async function pushUnderBacklog(
  tag: string,
  database: string,
  api: (path: string, init?: RequestInit) => Promise<Response>,
  small: { commit(files: Record<string, string>): Promise<string>; cloneUrl: string },
  size: number,
): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database });
  await client.connect();
  let inFlight: string | undefined;
  try {
    await client.query(
      `update catalog_refresh_state set next_update_at = now(), priority = 1, result_hash = null`,
    );
    // The worst case: the push arrives while the slowest piece of the backlog is being processed
    // (the location that reads and parses every generated file), so the processing round that
    // holds it is busy for as long as that takes.
    const largest = await client.query<{ ref: string }>(
      `select source_entity_ref as ref from catalog_refresh_references
        group by source_entity_ref order by count(*) desc limit 1`,
    );
    inFlight = largest.rows[0]?.ref;
    await client.query(
      `update catalog_refresh_state set next_update_at = now() - interval '1 hour' where entity_ref = $1`,
      [inFlight],
    );
    await client.query(`select pg_notify('catalog_process', '')`);
    for (let waited = 0; ; waited += 20) {
      const leased = await client.query(
        `select 1 from catalog_refresh_state where entity_ref = $1 and lease_owner is not null`,
        [inFlight],
      );
      if (leased.rows.length > 0) break;
      if (waited > 30_000) throw new Error(`${inFlight} was not claimed within 30 s`);
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
  await small.commit({ 'catalog-info.yaml': smallComponent('after') });
  const started = performance.now();
  const hook = await api('/webhooks/git', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ repository: small.cloneUrl, ref: 'refs/heads/main' }),
  });
  if (hook.status !== 200) throw new Error(`webhook failed: ${await hook.text()}`);
  for (;;) {
    const entity = (await (
      await api('/entities/by-name/component/default/pushed-service')
    ).json()) as { metadata: { description?: string } };
    if (entity.metadata.description === 'after') break;
    if (performance.now() - started > 120_000)
      throw new Error('the pushed change did not show within 120 s');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  const visibleMs = Math.round(performance.now() - started);
  const backlog = ((await (await api('/status')).json()) as { queue: { due: number } }).queue.due;
  report({
    name: `${tag}.push-visible-under-backlog`,
    unit: 'ms',
    value: visibleMs,
    backlogStillDue: backlog,
    backlogSize: size,
    inFlightWhenPushed: inFlight ?? 'nothing',
  });
  await waitUntilIdle(api, 0);
}

async function load(name: string, url: string, options: { paths: string[]; connections: number }) {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: 10,
    requests: [{ setupRequest: pathsInTurn(options.paths) }],
  });
  report({
    name,
    unit: 'req/s',
    value: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  });
}

/** An autocannon request hook that sends `paths` one after another, round and round. */
function pathsInTurn(paths: string[]) {
  let next = 0;
  return (request: autocannon.Request) => ({ ...request, path: paths[next++ % paths.length]! });
}

function smallComponent(description: string): string {
  return `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: pushed-service\n  description: ${description}\nspec:\n  type: service\n  lifecycle: production\n  owner: group-0\n`;
}
