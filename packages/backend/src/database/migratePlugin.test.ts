import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginMigration } from '@callboard/plugin-api/backend';
import {
  createTestDatabase,
  engineSkipReason,
  testLogger,
  type TestDatabase,
} from '@callboard/test-utils';
import type { Database } from './Database';
import { migratePluginUp } from './migratePlugin';
import { openPg } from './openPg';

const migrationsFor = (pluginId: string): PluginMigration[] => [
  {
    name: '20260101000000_create_things',
    up: knex =>
      knex.schema.createTable(`${pluginId.replace(/-/g, '_')}_things`, t => t.increments('id')),
    down: knex => knex.schema.dropTable(`${pluginId.replace(/-/g, '_')}_things`),
  },
];

describe('migrations of replicas starting together on PostgreSQL', () => {
  const skip = engineSkipReason('pg');
  let db: TestDatabase;
  let other: Database;
  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase('pg');
    other = await openPg({ client: 'pg', connection: db.connection! }, testLogger());
  });
  afterAll(async () => {
    await other?.close();
    await db?.destroy();
  });

  it.skipIf(skip)('apply each migration once, with no replica failing', async () => {
    for (const pluginId of ['race-one', 'race-two', 'race-three']) {
      const migrations = migrationsFor(pluginId);
      const results = await Promise.all([
        migratePluginUp(db.database.knex, pluginId, migrations, { serialize: true }),
        migratePluginUp(other.knex, pluginId, migrations, { serialize: true }),
      ]);
      expect(results.flat()).toEqual(['20260101000000_create_things']);
    }
  });
});
