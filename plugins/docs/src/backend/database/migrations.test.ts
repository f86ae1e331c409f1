import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePluginDown, migratePluginUp } from '@callboard/backend';
import {
  createTestDatabase,
  engineSkipReason,
  testEngines,
  type TestDatabase,
} from '@callboard/test-utils';
import { docsMigrations } from './migrations';

const docsTables = ['docs_change_cursor', 'docs_files', 'docs_pages', 'docs_sites'];

describe.each(testEngines)('the docs migrations on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;

  beforeAll(async () => {
    if (!skip) db = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const tables = async () => {
    const result = (await db.database.knex.raw(
      `select tablename from pg_tables where tablename like 'docs\\_%' and tablename not like '%knex%' order by tablename`,
    )) as { rows: Array<{ tablename: string }> };
    return result.rows.map(row => row.tablename);
  };

  it.skipIf(skip)('create only docs_* tables, go back down, and up again', async () => {
    const knex = db.database.knex;
    await migratePluginUp(knex, 'docs', docsMigrations);
    expect(await tables()).toEqual(docsTables);
    await migratePluginDown(knex, 'docs', docsMigrations);
    expect(await tables()).toEqual([]);
    await migratePluginUp(knex, 'docs', docsMigrations);
    expect(await tables()).toEqual(docsTables);
  });
});
