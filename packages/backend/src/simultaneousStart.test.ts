import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  engineSkipReason,
  startBackendProcess,
  unusedPgDatabase,
  type BackendProcess,
  type UnusedPgDatabase,
} from '@callboard/test-utils';
import { coreMigrations } from './database/coreMigrations';

/**
 * Backends started at the same moment on a database nobody created yet, as a deployment rolls
 * out its replicas. On PostgreSQL every one of them must come up (before: 1 start in 5 crashed
 * with "duplicate key … pg_database_datname_index"); on the embedded database exactly one may
 * have the data directory, and the others are refused with a message that says why.
 */
describe('backends started at the same moment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-simultaneous-'));
  const processes: BackendProcess[] = [];
  const databases: UnusedPgDatabase[] = [];
  afterAll(async () => {
    await Promise.all(processes.map(p => p.stop('SIGKILL')));
    await Promise.all(databases.map(d => d.drop()));
    rmSync(dir, { recursive: true, force: true });
  });

  const startAll = (count: number, name: string, database: unknown) => {
    const config = join(dir, `${name}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        backend: { listen: { port: 0, host: '127.0.0.1' }, database },
        catalog: { locations: [] },
      }),
    );
    const started = Array.from({ length: count }, () =>
      startBackendProcess({ args: ['--config', config] }),
    );
    processes.push(...started);
    return started;
  };

  it.skipIf(engineSkipReason('pg'))(
    'PostgreSQL: all come up on a database none of them found, each migration applied once',
    async () => {
      const database = unusedPgDatabase();
      databases.push(database);
      const replicas = startAll(4, 'pg', { client: 'pg', connection: database.connection });
      const urls = await Promise.all(replicas.map(replica => replica.ready));
      for (const url of urls) expect((await fetch(`${url}/readyz`)).status).toBe(200);

      const client = new pg.Client(database.connection);
      await client.connect();
      try {
        const applied = await client.query<{ name: string; times: number }>(
          `select name, count(*)::int as times from backend_knex_migrations group by name order by name`,
        );
        expect(applied.rows).toEqual(coreMigrations.map(m => ({ name: m.name, times: 1 })));
        // Every plugin's migrations too: no name twice in any plugin's migration table.
        const tables = await client.query<{ table_name: string }>(
          `select table_name from information_schema.tables
            where table_schema = current_schema() and table_name like '%knex_migrations'
            order by table_name`,
        );
        expect(tables.rows.map(row => row.table_name)).toEqual([
          'backend_knex_migrations',
          'catalog_knex_migrations',
          'docs_knex_migrations',
          'scaffolder_knex_migrations',
          'search_knex_migrations',
          'versions_knex_migrations',
        ]);
        for (const { table_name: table } of tables.rows) {
          const twice = await client.query(
            `select name from ${pg.escapeIdentifier(table)} group by name having count(*) > 1`,
          );
          expect(twice.rows, table).toEqual([]);
        }
        // Each of them beats: the four are the live replicas.
        const replicaRows = await client.query<{ pid: number }>(
          'select pid from backend_replicas order by pid',
        );
        expect(replicaRows.rows.map(row => row.pid)).toEqual(
          replicas.map(replica => replica.child.pid).sort((a, b) => a! - b!),
        );
      } finally {
        await client.end();
      }
      expect(await Promise.all(replicas.map(replica => replica.stop()))).toEqual([0, 0, 0, 0]);
    },
    240_000,
  );

  it('the embedded database: one has the data directory, the others are refused', async () => {
    const starters = startAll(3, 'pglite', {
      client: 'pglite',
      connection: { directory: join(dir, 'db') },
    });
    const outcomes = await Promise.all(
      starters.map(starter =>
        starter.ready.then(
          () => 'ready' as const,
          () => 'refused' as const,
        ),
      ),
    );
    expect(outcomes.filter(outcome => outcome === 'ready')).toHaveLength(1);
    for (const [index, starter] of starters.entries()) {
      if (outcomes[index] !== 'refused') continue;
      expect(await starter.exited).toBe(1);
      expect(starter.output()).toMatch(
        /Callboard cannot start: The embedded database at .*db is in use by another Callboard process/,
      );
    }
    const winner = starters[outcomes.indexOf('ready')]!;
    expect((await fetch(`${await winner.ready}/readyz`)).status).toBe(200);
    expect(await winner.stop()).toBe(0);
  }, 240_000);
});
