import { migratePluginUp } from '@callboard/backend';
import { createTestDatabase, type TestDatabase, type TestEngine } from '@callboard/test-utils';
import { catalogPluginMigrations } from '../migrations';

/** A fresh test database (one per test file) with every catalog migration applied. */
export async function createCatalogTestDatabase(engine: TestEngine): Promise<TestDatabase> {
  const db = await createTestDatabase(engine);
  await migratePluginUp(db.database.knex, 'catalog', catalogPluginMigrations);
  return db;
}
