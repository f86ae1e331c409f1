import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { startBackendProcess } from '@callboard/test-utils';
import { report } from './report';

/**
 * Start-up and baseline HTTP figures: time from spawning the backend to "ready" on a fresh
 * embedded data directory, on an existing one, and on PostgreSQL; then requests/s and
 * latency of /healthz and an API route that reads the database.
 */
export async function benchStartup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-bench-'));
  try {
    const embedded = join(dir, 'embedded.yaml');
    writeFileSync(
      embedded,
      `backend:\n  listen: { port: 0, host: 127.0.0.1 }\n  database: { client: pglite, connection: { directory: ${join(dir, 'db')} } }\n`,
    );
    await timeStart('startup.pglite.fresh', ['--config', embedded]);
    const url = await timeStart('startup.pglite.existing', ['--config', embedded], true);
    void url;

    const database = `callboard_bench_${process.pid}`;
    const pgConfig = join(dir, 'pg.yaml');
    writeFileSync(
      pgConfig,
      `backend:\n  listen: { port: 0, host: 127.0.0.1 }\n  database: { client: pg, connection: { host: 127.0.0.1, port: 5432, user: postgres, database: ${database} } }\n`,
    );
    await timeStart('startup.pg', ['--config', pgConfig], true);
    const admin = new pg.Client({
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: 'postgres',
    });
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts the backend, reports the time to ready, optionally measures HTTP, then stops it. */
async function timeStart(name: string, args: string[], measureHttp = false): Promise<string> {
  const started = performance.now();
  const backend = startBackendProcess({ args });
  try {
    const url = await backend.ready;
    report({ name, unit: 'ms', value: Math.round(performance.now() - started) });
    if (measureHttp) {
      for (const path of ['/healthz', '/api/about/info']) {
        const result = await autocannon({ url: `${url}${path}`, connections: 10, duration: 5 });
        report({
          name: `${name}.http${path}`,
          unit: 'req/s',
          value: Math.round(result.requests.average),
          p50_ms: result.latency.p50,
          p99_ms: result.latency.p99,
          errors: result.errors + result.non2xx,
        });
      }
    }
    return url;
  } finally {
    await backend.stop();
  }
}
