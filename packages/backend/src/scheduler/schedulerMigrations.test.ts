import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  engineSkipReason,
  testEngines,
  type TestDatabase,
} from '@callboard/test-utils';
import { migratePluginDown, migratePluginUp } from '../database/migratePlugin';
import { coreMigrations } from '../database/coreMigrations';
import { replicaTable } from '../replicas/replicaMigrations';
import { schedulerTable } from './schedulerMigrations';

describe.each(testEngines)('core migrations on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;
  beforeAll(async () => {
    if (!skip) db = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it.skipIf(skip)('go up, down and up again', async () => {
    const knex = db.database.knex;
    expect(await migratePluginUp(knex, 'backend', coreMigrations)).toEqual(
      coreMigrations.map(m => m.name),
    );
    expect(await knex.schema.hasTable(schedulerTable)).toBe(true);
    expect(await knex.schema.hasTable(replicaTable)).toBe(true);
    // Applying again is a no-op.
    expect(await migratePluginUp(knex, 'backend', coreMigrations)).toEqual([]);
    expect(await migratePluginDown(knex, 'backend', coreMigrations)).toEqual(
      [...coreMigrations].reverse().map(m => m.name),
    );
    expect(await knex.schema.hasTable(schedulerTable)).toBe(false);
    expect(await knex.schema.hasTable(replicaTable)).toBe(false);
    await migratePluginUp(knex, 'backend', coreMigrations);
    expect(await knex.schema.hasTable(schedulerTable)).toBe(true);
  });
});
