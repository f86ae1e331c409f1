import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  startBackendProcess,
  startGitServer,
  withAdminClient,
  type BackendProcess,
} from '@callboard/test-utils';
import { writeBenchConfig } from './catalog/benchConfig';
import { waitUntilIdle } from './catalog/backendState';
import { generateCatalog } from './catalog/generateCatalog';
import { fixedRateLoad, type FixedRateResult } from './load/fixedRateLoad';
import { report } from './report';

/**
 * Reads while the catalog is rewritten (the catalog issue's "reads stay fast"): two replicas on
 * one PostgreSQL serve a loaded catalog. Reads go to both in turn at a fixed rate (an open loop,
 * ADR 0014): first on the idle catalog, then while a push that changes every entity is
 * re-ingested, until the catalog is idle again. `/healthz` (no database) is sampled beside them
 * at a low rate: its latency is the backend's event loop alone, so the two together tell a stall
 * of the process from a wait for the database.
 *
 * BENCH_SIZES=10000,100000 (default 10000); BENCH_READ_RATE (default 100 req/s);
 * BENCH_ROUNDS (default 1): re-ingestions measured one after another on the same catalog.
 */
export async function benchReadsDuringReingest(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '10000').split(',').map(Number);
  for (const size of sizes) await scenario(size);
}

const connections = 20;

async function scenario(size: number): Promise<void> {
  const tag = `reads-during-reingest.pg.${size}`;
  const rate = Number(process.env.BENCH_READ_RATE ?? 100);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
  const dir = mkdtempSync(join(tmpdir(), 'callboard-bench-reingest-'));
  const git = await startGitServer();
  const database = `callboard_bench_${Date.now().toString(36)}`;
  const replicas: BackendProcess[] = [];
  try {
    const generated = generateCatalog(size);
    const repo = await git.createRepository('bench/catalog.git', generated.files);
    const config = writeBenchConfig(dir, { database: { pg: database }, gitHost: git.host });
    for (let i = 0; i < 2; i++) {
      replicas.push(
        startBackendProcess({
          args: ['--config', config],
          env: { LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' },
          nodeArgs: process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean),
        }),
      );
    }
    const [url, otherUrl] = await Promise.all(replicas.map(replica => replica.ready));
    const api = (path: string, init?: RequestInit) => fetch(`${url}/api/catalog${path}`, init);
    const registered = await api('/locations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'url', target: repo.cloneUrl }),
    });
    if (registered.status !== 201)
      throw new Error(`registering failed: ${await registered.text()}`);
    await waitUntilIdle(api, generated.count);

    const names = generated.sampleComponentNames;
    // What a portal's pages ask for: entity pages (by name), catalog pages (a filtered page of
    // 20, ordered), and the facet counts of the catalog's filters.
    const paths = names
      .slice(0, 70)
      .map(name => `/api/catalog/entities/by-name/component/default/${name}`);
    for (let i = 0; i < 20; i++) {
      paths.splice(
        i * 5,
        0,
        `/api/catalog/entities/by-query?filter=kind=component,spec.lifecycle=production&limit=20&orderField=metadata.name,asc`,
      );
    }
    for (let i = 0; i < 10; i++) {
      paths.splice(
        i * 10 + 3,
        0,
        '/api/catalog/entity-facets?facet=spec.type&filter=kind=component',
      );
    }
    const readsAt = (durationSeconds: number, signal?: AbortSignal) =>
      Promise.all([
        fixedRateLoad({
          url: url!,
          moreUrls: [otherUrl!],
          paths,
          rate,
          durationSeconds,
          connections,
          signal,
        }),
        fixedRateLoad({
          url: url!,
          moreUrls: [otherUrl!],
          paths: ['/healthz'],
          rate: 10,
          durationSeconds,
          connections: 4,
          signal,
        }),
      ]);

    // Warm both replicas' request paths (ADR 0014), then the idle figure.
    await readsAt(5);
    const [idle, idleLoop] = await readsAt(15);
    record(`${tag}.idle`, idle, idleLoop, {});

    for (let round = 1; round <= rounds; round++) {
      // Every entity changes: each is processed, written, stitched and re-indexed again.
      await repo.commit(
        Object.fromEntries(
          Object.entries(generated.files).map(([path, text]) => [
            path,
            text.replace(/\nmetadata:\n/g, `\nmetadata:\n  labels: { bench-round: "r${round}" }\n`),
          ]),
        ),
      );
      const stop = new AbortController();
      const measuring = readsAt(3_600, stop.signal);
      const sampling = sampleSessions(database, stop.signal);
      const started = performance.now();
      const pushed = await api('/webhooks/git', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ repository: repo.cloneUrl, ref: 'refs/heads/main' }),
      });
      if (pushed.status !== 200) throw new Error(`webhook failed: ${await pushed.text()}`);
      await waitForRound(api, `r${round}`, names[0]!);
      await waitUntilIdle(api, generated.count);
      const reingestMs = Math.round(performance.now() - started);
      stop.abort();
      const [during, duringLoop] = await measuring;
      record(`${tag}.during-reingest`, during, duringLoop, {
        round,
        reingestMs,
        ...(await sampling),
        p50_vs_idle: Math.round((during.p50_ms / idle.p50_ms) * 100) / 100,
        p99_vs_idle: Math.round((during.p99_ms / idle.p99_ms) * 100) / 100,
      });
    }
  } finally {
    if (process.env.BENCH_BACKEND_LOG) {
      writeFileSync(process.env.BENCH_BACKEND_LOG, replicas.map(r => r.output()).join('\n'));
    }
    await Promise.all(replicas.map(replica => replica.stop()));
    await git.close();
    rmSync(dir, { recursive: true, force: true });
    if (!process.env.BENCH_KEEP_DATABASE) {
      await withAdminClient(client =>
        client.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`),
      );
    }
  }
}

function record(
  name: string,
  reads: FixedRateResult,
  loop: FixedRateResult,
  details: Record<string, number>,
): void {
  report({
    name,
    unit: 'ms',
    value: reads.p99_ms,
    rate: reads.achievedRate,
    p50_ms: reads.p50_ms,
    p90_ms: reads.p90_ms,
    p99_ms: reads.p99_ms,
    max_ms: reads.max_ms,
    errors: reads.errors,
    healthz_p50_ms: loop.p50_ms,
    healthz_p99_ms: loop.p99_ms,
    healthz_max_ms: loop.max_ms,
    ...details,
  });
}

/**
 * Samples PostgreSQL's sessions every 100 ms while the signal is not aborted: how many reads of
 * served entities were running, how many of those waited on a lock, and how many sessions sat
 * idle inside a transaction (a writer holding its connection while the backend computes).
 */
async function sampleSessions(
  database: string,
  signal: AbortSignal,
): Promise<Record<string, number>> {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database });
  await client.connect();
  let samples = 0;
  let reads = 0;
  let readsWaitingOnLocks = 0;
  let idleInTransaction = 0;
  let activeWrites = 0;
  try {
    while (!signal.aborted) {
      const result = await client.query<{ state: string; wait: string | null; query: string }>(
        `select state, wait_event_type as wait, query from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()`,
      );
      samples++;
      for (const row of result.rows) {
        if (row.state === 'idle in transaction') idleInTransaction++;
        if (row.state !== 'active') continue;
        if (
          /^\s*(select|with)/i.test(row.query) &&
          /catalog_(final_entities|search)/.test(row.query)
        ) {
          reads++;
          if (row.wait === 'Lock') readsWaitingOnLocks++;
        } else if (/^\s*(insert|update|delete)/i.test(row.query)) activeWrites++;
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
  const per = (count: number) => Math.round((count / Math.max(1, samples)) * 100) / 100;
  return {
    sessionSamples: samples,
    readsRunning_avg: per(reads),
    readsWaitingOnLocks_avg: per(readsWaitingOnLocks),
    writesRunning_avg: per(activeWrites),
    idleInTransaction_avg: per(idleInTransaction),
  };
}

/** Waits until the push is being served: one entity shows the round's label. */
async function waitForRound(
  api: (path: string) => Promise<Response>,
  round: string,
  name: string,
): Promise<void> {
  for (;;) {
    const entity = (await (await api(`/entities/by-name/component/default/${name}`)).json()) as {
      metadata: { labels?: Record<string, string> };
    };
    if (entity.metadata.labels?.['bench-round'] === round) return;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
