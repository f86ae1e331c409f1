import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '@callboard/catalog-model';
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

const filesPerRepo = 20;
const entitiesPerFile = 25;

/** A repository whose root catalog-info.yaml is a Location over many multi-document files. */
function repositoryFiles(prefix: string): Record<string, string> {
  const files: Record<string, string> = {
    'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: ${prefix}-all\nspec:\n  targets:\n    - ./services/*.yaml\n`,
  };
  for (let f = 0; f < filesPerRepo; f++) {
    const documents = [];
    for (let e = 0; e < entitiesPerFile; e++) {
      const name = `${prefix}-service-${f}-${e}`;
      const dependency = e > 0 ? `\n  dependsOn: [component:${prefix}-service-${f}-${e - 1}]` : '';
      documents.push(
        `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-${f % 4}\n  system: ${prefix}-system-${f % 3}${dependency}`,
      );
    }
    files[`services/file-${f}.yaml`] = documents.join('\n---\n') + '\n';
  }
  return files;
}

const expectedCount = filesPerRepo * entitiesPerFile;

/**
 * Every relation of a generated entity is in: ownedBy and partOf, dependsOn on the one before it
 * in its file, and dependencyOf (stitched from the next one's processing) on the one after.
 */
function isFullyStitched(serialized: string): boolean {
  const entity = JSON.parse(serialized) as Entity;
  const position = Number(entity.metadata.name.split('-').pop());
  const expected = 2 + (position > 0 ? 1 : 0) + (position < entitiesPerFile - 1 ? 1 : 0);
  return entity.relations?.length === expected;
}

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
    const response = await fetch(`${url}/api/catalog/locations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'url', target: repo.cloneUrl }),
    });
    expect(response.status).toBe(201);
  };

  /** The catalog as served, without what differs per database (uid, etag). */
  const catalogOf = async (url: string, prefix: string) => {
    const entities = (await (
      await fetch(`${url}/api/catalog/entities?filter=kind=component`)
    ).json()) as Entity[];
    return entities
      .filter(e => e.metadata.name.startsWith(prefix))
      .map(e => {
        const { uid: _uid, etag: _etag, ...metadata } = e.metadata;
        return JSON.stringify({ ...e, metadata });
      })
      .sort();
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
