import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  engineSkipReason,
  eventually,
  startBackendProcess,
  startGitServer,
  type BackendProcess,
  type TestDatabase,
  type TestGitServer,
} from '@callboard/test-utils';
import type { CatalogStatus } from '../common';
import {
  generatedCount,
  generatedRepositoryFiles,
  isFullyStitched,
  registerRepository,
  servedComponents,
} from './test/generatedRepository';

/**
 * A replica killed with SIGKILL mid-ingestion (no shutdown hook runs). Leases last ten minutes
 * here, so only the heartbeat (200 ms, dead after 1 s of silence) can hand its work to the
 * survivor: before heartbeats, the catalog stayed incomplete until the leases ran out.
 */
describe('a replica killed mid-ingestion', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-replica-death-'));
  let git: TestGitServer;
  const processes: BackendProcess[] = [];
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    git = await startGitServer();
  });
  afterAll(async () => {
    await Promise.all(processes.map(p => p.stop('SIGKILL')));
    await Promise.all(databases.map(d => d.destroy()));
    await git?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const writeConfig = (name: string, database: unknown) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(
      path,
      JSON.stringify({
        backend: {
          listen: { port: 0, host: '127.0.0.1' },
          database,
          reading: { allow: [{ host: git.host }] },
          heartbeat: { interval: { milliseconds: 200 }, timeout: { seconds: 1 } },
        },
        integrations: { git: [{ host: git.host }] },
        catalog: {
          locations: [],
          processingInterval: { minutes: 30 },
          processing: { batchSize: 10, leaseTimeout: { minutes: 10 } },
        },
      }),
    );
    return path;
  };
  const start = (config: string) => {
    const backend = startBackendProcess({ args: ['--config', config] });
    processes.push(backend);
    return backend;
  };
  const statusOf = async (url: string) =>
    (await (await fetch(`${url}/api/catalog/status`)).json()) as CatalogStatus;
  const replicaOf = (status: CatalogStatus, backend: BackendProcess) =>
    status.replicas.find(replica => replica.pid === backend.child.pid);
  const expectComplete = (url: string, prefix: string) =>
    eventually(
      async () => {
        const served = await servedComponents(url, prefix);
        expect(served).toHaveLength(generatedCount);
        expect(served.filter(entity => !isFullyStitched(entity))).toEqual([]);
        const status = await statusOf(url);
        expect(status.queue).toMatchObject({ due: 0, inProgress: 0, stitching: 0 });
      },
      { timeoutMs: 180_000, intervalMs: 250 },
    );

  it.skipIf(engineSkipReason('pg'))(
    'PostgreSQL: the survivor takes over its leases and finishes the catalog',
    async () => {
      const database = await createTestDatabase('pg');
      databases.push(database);
      const config = writeConfig('pg', { client: 'pg', connection: database.connection });
      const [doomed, survivor] = [start(config), start(config)];
      const [, survivorUrl] = await Promise.all([doomed.ready, survivor.ready]);
      const both = await statusOf(survivorUrl);
      expect(both.replicas.map(replica => replica.pid).sort()).toEqual(
        [doomed.child.pid, survivor.child.pid].sort(),
      );
      const doomedId = replicaOf(both, doomed)!.id;

      const repo = await git.createRepository('death/pg.git', generatedRepositoryFiles('pg-death'));
      expect(await registerRepository(survivorUrl, repo.cloneUrl)).toBe(201);

      // Freeze the doomed replica while it holds work, and look at what it holds: a frozen
      // process takes and gives back nothing, so that is what dies with it.
      const client = new pg.Client(database.connection);
      await client.connect();
      let held = { processing: 0, stitching: 0 };
      try {
        while (held.processing + held.stitching === 0) {
          await eventually(
            async () => {
              const holds = replicaOf(await statusOf(survivorUrl), doomed)?.holds;
              expect((holds?.processing ?? 0) + (holds?.stitching ?? 0)).toBeGreaterThan(0);
            },
            { timeoutMs: 120_000, intervalMs: 10 },
          );
          doomed.child.kill('SIGSTOP');
          const counts = await client.query<{ processing: number; stitching: number }>(
            `select (select count(*) from catalog_refresh_state where lease_owner = $1)::int as processing,
                    (select count(*) from catalog_stitch_queue where lease_owner = $1)::int as stitching`,
            [doomedId],
          );
          held = counts.rows[0]!;
          if (held.processing + held.stitching === 0) doomed.child.kill('SIGCONT');
        }
        expect(await doomed.stop('SIGKILL')).toBe('SIGKILL');

        await expectComplete(survivorUrl, 'pg-death-');
        const after = await statusOf(survivorUrl);
        expect(after.replicas.map(replica => replica.pid)).toEqual([survivor.child.pid]);
        const left = await client.query(
          `select (select count(*) from catalog_refresh_state where lease_owner = $1)::int
                + (select count(*) from catalog_stitch_queue where lease_owner = $1)::int as count`,
          [doomedId],
        );
        expect(left.rows).toEqual([{ count: 0 }]);
      } finally {
        await client.end();
      }
      expect(survivor.output()).toContain('replicas stopped beating; their leases were released');
      await survivor.stop();
    },
    300_000,
  );

  it('the embedded database: the restarted backend takes over at once', async () => {
    const config = writeConfig('pglite', {
      client: 'pglite',
      connection: { directory: join(dir, 'db') },
    });
    const first = start(config);
    const firstUrl = await first.ready;
    const repo = await git.createRepository(
      'death/pglite.git',
      generatedRepositoryFiles('lite-death'),
    );
    expect(await registerRepository(firstUrl, repo.cloneUrl)).toBe(201);
    await eventually(
      async () => {
        const holds = replicaOf(await statusOf(firstUrl), first)?.holds;
        expect((holds?.processing ?? 0) + (holds?.stitching ?? 0)).toBeGreaterThan(0);
      },
      { timeoutMs: 120_000, intervalMs: 10 },
    );
    expect(await first.stop('SIGKILL')).toBe('SIGKILL');

    const second = start(config);
    const secondUrl = await second.ready;
    // What the killed process held was given back as the new one started.
    const released = second
      .output()
      .split('\n')
      .filter(line => line.includes('replicas stopped beating'))
      .map(line => (JSON.parse(line) as { released: Record<string, number> }).released);
    expect(released).toHaveLength(1);
    expect(
      (released[0]!['catalog.processing'] ?? 0) + (released[0]!['catalog.stitching'] ?? 0),
    ).toBeGreaterThan(0);
    await expectComplete(secondUrl, 'lite-death-');
    expect((await statusOf(secondUrl)).replicas.map(replica => replica.pid)).toEqual([
      second.child.pid,
    ]);
    await second.stop();
  }, 300_000);
});
