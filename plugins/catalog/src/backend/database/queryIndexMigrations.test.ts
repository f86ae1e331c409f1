import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePluginDown, migratePluginUp } from '@callboard/backend';
import {
  createTestDatabase,
  engineSkipReason,
  testEngines,
  type TestDatabase,
} from '@callboard/test-utils';
import { createCatalog } from './migrations/20261123120000_create_catalog';
import { catalogSearchQueryIndexes } from './migrations/20261124090000_catalog_search_query_indexes';

const catalogMigrations = [createCatalog];
const queryIndexMigrations = [catalogSearchQueryIndexes];

describe.each(testEngines)('the query index migration on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;

  beforeAll(async () => {
    if (!skip) db = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const searchIndexes = async () => {
    const result = (await db.database.knex.raw(
      `select indexname from pg_indexes where tablename = 'catalog_search' order by indexname`,
    )) as { rows: Array<{ indexname: string }> };
    return result.rows.map(row => row.indexname);
  };

  it.skipIf(skip)(
    'replaces the search indexes with covering ones, and goes back down',
    async () => {
      const knex = db.database.knex;
      const all = [...catalogMigrations, ...queryIndexMigrations];
      await migratePluginUp(knex, 'catalog', catalogMigrations);
      expect(await searchIndexes()).toEqual([
        'catalog_search_entity_idx',
        'catalog_search_key_value_idx',
      ]);

      await migratePluginUp(knex, 'catalog', all);
      expect(await searchIndexes()).toEqual([
        'catalog_search_entity_idx',
        'catalog_search_key_entity_value_idx',
        'catalog_search_key_value_entity_idx',
      ]);
      const stats = (await knex.raw(
        `select stxname from pg_statistic_ext where stxname = 'catalog_search_key_value_stats'`,
      )) as { rows: unknown[] };
      expect(stats.rows).toHaveLength(1);

      await migratePluginDown(knex, 'catalog', all);
      expect(await knex.schema.hasTable('catalog_search')).toBe(false);
      await migratePluginUp(knex, 'catalog', all);
      expect(await searchIndexes()).toHaveLength(3);
    },
  );
});
