import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultKindRegistry } from '@callboard/catalog-model';
import type { PluginDatabase } from '@callboard/plugin-api/backend';
import {
  engineSkipReason,
  pluginDatabaseOf,
  testEngines,
  type TestDatabase,
} from '@callboard/test-utils';
import { createCatalogTestDatabase } from '../database/test/createCatalogTestDatabase';
import { entity } from '../queries/test/fixtures';
import { insertEntities } from '../queries/test/insertEntities';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { createCatalogEngine } from '../createCatalogEngine';
import { createCatalogRules } from './rules';

/**
 * While the API is being read, routine ingestion yields to the readers (ADR 0020): rounds of at
 * most 100 entities, written in smaller transactions, instead of the configured batch of 500.
 * A full re-ingestion at 10,000 entities raised read latency many times over before.
 */
describe.each(testEngines)('ingestion while the API is read on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;
  let database: PluginDatabase;

  beforeAll(async () => {
    if (skip) return;
    db = await createCatalogTestDatabase(engine);
    database = pluginDatabaseOf(db.database, 'catalog');
    await insertEntities(
      db.database.knex,
      Array.from({ length: 300 }, (_, index) =>
        entity('Component', `service-${index}`, {
          spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
        }),
      ),
    );
  });
  afterAll(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    if (skip) return;
    // Every entity due again.
    const knex = db.database.knex;
    await knex('catalog_refresh_state').update({
      next_update_at: knex.fn.now(),
      result_hash: null,
    });
  });

  /** Runs the engine until idle; returns the size of each processing batch it wrote. */
  async function batchSizes(readsActive: boolean): Promise<number[]> {
    const sizes: number[] = [];
    const lines = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          const record = JSON.parse(line) as { msg?: string; processed?: number };
          if (record.msg === 'processed a batch') sizes.push(record.processed ?? 0);
        }
        done();
      },
    });
    const engine = createCatalogEngine({
      database,
      reader: {} as RepositoryReader,
      kinds: () => defaultKindRegistry,
      rules: createCatalogRules({ configLocations: [] }),
      logger: pino({ level: 'debug' }, lines),
      instanceId: 'test-replica',
      originSource: () => Promise.resolve('api'),
      orphanStrategy: 'delete',
      processingIntervalMs: false,
      batchSize: 500,
      leaseMs: 60_000,
      maxLocationDepth: 10,
      readConcurrency: 8,
      readsActive: () => readsActive,
    });
    await engine.runUntilIdle();
    return sizes;
  }

  it.skipIf(skip)('processes in rounds of at most 100 while reads are served', async () => {
    const sizes = await batchSizes(true);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(300);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
  });

  it.skipIf(skip)('takes the whole batch when nobody reads', async () => {
    expect(await batchSizes(false)).toEqual([300]);
  });
});
