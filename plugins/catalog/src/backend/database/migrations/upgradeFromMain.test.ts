import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { migratePluginUp } from '@callboard/backend';
import {
  createTestDatabase,
  engineSkipReason,
  testEngines,
  type TestDatabase,
} from '@callboard/test-utils';
import { catalogPluginMigrations } from '.';

/**
 * Databases created before the migrations moved to one file each must migrate cleanly: a
 * database remembers an applied migration by its name alone. The fixtures were recorded from
 * main before the move: the names it applied, and its catalog tables as pg_dump wrote them.
 */
const appliedByMain = JSON.parse(
  readFileSync(new URL('fixtures/migrationsAppliedByMain.json', import.meta.url), 'utf8'),
) as string[];
const databaseOfMain = readFileSync(
  new URL('fixtures/catalogDatabaseOfMain.sql', import.meta.url),
  'utf8',
);

/**
 * The dump's statements, one by one (PGlite runs one statement per query). Each ends a line with
 * `;` and the next starts at the line's beginning; function bodies are indented.
 */
function statementsOf(sql: string): string[] {
  return sql
    .split(/;\n+(?=[A-Z])/)
    .map(statement => statement.trim())
    .filter(statement => statement !== '');
}

async function appliedNames(db: TestDatabase): Promise<string[]> {
  const rows = (await db.database
    .knex('catalog_knex_migrations')
    .select('name')
    .orderBy('id')) as Array<{ name: string }>;
  return rows.map(row => row.name);
}

async function rowsOf(db: TestDatabase, sql: string): Promise<unknown[]> {
  return ((await db.database.knex.raw(sql)) as { rows: unknown[] }).rows;
}

/** Everything the catalog's migrations create: columns, indexes, constraints, triggers, functions. */
async function schemaOf(db: TestDatabase) {
  return {
    columns: await rowsOf(
      db,
      `select table_name, column_name, data_type, is_nullable, column_default, collation_name
         from information_schema.columns
        where table_schema = current_schema() and table_name like 'catalog\\_%'
        order by table_name, column_name`,
    ),
    indexes: await rowsOf(
      db,
      `select tablename, indexname, indexdef from pg_indexes
        where schemaname = current_schema() and tablename like 'catalog\\_%'
        order by tablename, indexname`,
    ),
    constraints: await rowsOf(
      db,
      `select c.relname, k.conname, pg_get_constraintdef(k.oid) as definition
         from pg_constraint k join pg_class c on c.oid = k.conrelid
        where c.relname like 'catalog\\_%'
        order by c.relname, k.conname`,
    ),
    triggers: await rowsOf(
      db,
      `select c.relname, t.tgname, pg_get_triggerdef(t.oid) as definition
         from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where not t.tgisinternal and c.relname like 'catalog\\_%'
        order by c.relname, t.tgname`,
    ),
    functions: await rowsOf(
      db,
      `select proname, prosrc from pg_proc where proname like 'catalog\\_%' order by proname`,
    ),
    statistics: await rowsOf(
      db,
      `select stxname from pg_statistic_ext where stxname like 'catalog\\_%' order by stxname`,
    ),
  };
}

it('keeps every migration name main applied, in the same order', () => {
  expect(catalogPluginMigrations.map(migration => migration.name)).toEqual(appliedByMain);
  expect(appliedByMain).toHaveLength(10);
});

describe.each(testEngines)('upgrading a catalog database created by main on %s', engine => {
  const skip = engineSkipReason(engine);
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map(db => db.destroy()));
  });

  it.skipIf(skip)(
    'applies nothing to it, and leaves it with the schema of a fresh database',
    async () => {
      const old = await createTestDatabase(engine);
      const fresh = await createTestDatabase(engine);
      databases.push(old, fresh);
      for (const statement of statementsOf(databaseOfMain)) {
        await old.database.knex.raw(statement);
      }
      expect(await appliedNames(old)).toEqual(appliedByMain);

      expect(await migratePluginUp(old.database.knex, 'catalog', catalogPluginMigrations)).toEqual(
        [],
      );
      expect(await appliedNames(old)).toEqual(appliedByMain);

      expect(
        await migratePluginUp(fresh.database.knex, 'catalog', catalogPluginMigrations),
      ).toEqual(appliedByMain);
      const schema = await schemaOf(fresh);
      expect(schema.columns.length).toBeGreaterThan(50);
      expect(schema.triggers).toHaveLength(4);
      expect(await schemaOf(old)).toEqual(schema);
    },
  );
});
