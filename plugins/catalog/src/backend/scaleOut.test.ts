import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  type TestRepository,
} from '@callboard/test-utils';
import {
  generatedCount as expectedCount,
  generatedRepositoryFiles as repositoryFiles,
  isFullyStitched,
  registerRepository,
  servedComponents as catalogOf,
} from './test/generatedRepository';

describe('several backend processes on one PostgreSQL', () => {
  const skip = engineSkipReason('pg');
  let git: TestGitServer;
  const databases: TestDatabase[] = [];
  const processes: BackendProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'callboard-scale-out-'));

  beforeAll(async () => {
    if (!skip) git = await startGitServer();
  });
  afterAll(async () => {
    await Promise.all(processes.map(p => p.stop('SIGKILL')));
    await Promise.all(databases.map(d => d.destroy()));
    await git?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `count` backend processes sharing one fresh database; returns their URLs. */
  async function startReplicas(name: string, count: number, leaseSeconds: number) {
    const database = await createTestDatabase('pg');
    databases.push(database);
    // The processes create their own pools; the test's handle is not needed.
    const connection = database.connection!;
    const configPath = join(dir, `${name}.yaml`);
    writeFileSync(
      configPath,
      JSON.stringify({
        backend: {
          listen: { port: 0, host: '127.0.0.1' },
          database: { client: 'pg', connection },
          reading: { allow: [{ host: git.host }] },
        },
        integrations: { git: [{ host: git.host }] },
        catalog: {
          // Only what the test registers: app-config.yaml's own locations are replaced.
          locations: [],
          processingInterval: { minutes: 30 },
          processing: { batchSize: 10, leaseTimeout: { seconds: leaseSeconds } },
        },
      }),
    );
    const replicas = Array.from({ length: count }, () =>
      startBackendProcess({ args: ['--config', configPath], env: { LOG_LEVEL: 'debug' } }),
    );
    processes.push(...replicas);
    const urls = await Promise.all(replicas.map(r => r.ready));
    return { replicas, urls };
  }

  const register = async (url: string, repo: TestRepository) => {
    expect(await registerRepository(url, repo.cloneUrl)).toBe(201);
  };

  const processedCount = (replica: BackendProcess) =>
    replica
      .output()
      .split('\n')
      .filter(line => line.includes('"processed a batch"'))
      .reduce((sum, line) => sum + ((JSON.parse(line) as { processed: number }).processed ?? 0), 0);

  it.skipIf(skip)(
    'share the work without doing anything twice, and end where one process ends',
    async () => {
      const repo = await git.createRepository('scale/shared.git', repositoryFiles('shared'));

      const two = await startReplicas('two', 2, 60);
      await register(two.urls[0]!, repo);
      const together = await eventually(
        async () => {
          const entities = await catalogOf(two.urls[1]!, 'shared-');
          expect(entities).toHaveLength(expectedCount);
          expect(entities.filter(e => !isFullyStitched(e))).toEqual([]);
          return entities;
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      // Sharing the work must not make them fail each other (deadlocks, lost leases).
      for (const replica of two.replicas) {
        const problems = replica
          .output()
          .split('\n')
          .filter(line => /"level":(40|50)/.test(line));
        expect(problems).toEqual([]);
      }
      const counts = two.replicas.map(processedCount);
      // The root location, the Location in catalog-info.yaml, and every entity: each exactly once.
      expect(counts[0]! + counts[1]!).toBe(expectedCount + 2);
      expect(counts.every(count => count > 0)).toBe(true);

      const one = await startReplicas('one', 1, 60);
      await register(one.urls[0]!, repo);
      const alone = await eventually(
        async () => {
          const entities = await catalogOf(one.urls[0]!, 'shared-');
          expect(entities).toHaveLength(expectedCount);
          expect(entities).toEqual(together);
          return entities;
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      expect(alone).toEqual(together);
      await Promise.all([...two.replicas, ...one.replicas].map(r => r.stop()));
    },
    300_000,
  );

  it.skipIf(skip)(
    'finish the work of a process that is killed mid-ingestion',
    async () => {
      const repo = await git.createRepository('scale/killed.git', repositoryFiles('killed'));
      const { replicas, urls } = await startReplicas('killed', 2, 3);
      await register(urls[0]!, repo);
      // Wait until ingestion is under way, then kill the first process without warning.
      await eventually(
        async () => expect((await catalogOf(urls[1]!, 'killed-')).length).toBeGreaterThan(0),
        {
          timeoutMs: 60_000,
          intervalMs: 20,
        },
      );
      expect(await replicas[0]!.stop('SIGKILL')).toBe('SIGKILL');
      await eventually(
        async () => expect(await catalogOf(urls[1]!, 'killed-')).toHaveLength(expectedCount),
        {
          timeoutMs: 120_000,
          intervalMs: 500,
        },
      );
      await replicas[1]!.stop();
    },
    300_000,
  );
});
