import type { Knex } from 'knex';
import { tablePrefixForPluginId } from '@callboard/plugin-api/common';
import { isValidMigrationName, type PluginMigration } from '@callboard/plugin-api/backend';

/**
 * Tables written by the current transaction: created, or altered (which rewrites their
 * pg_class row). Used to hold each plugin to its own `<id>_*` tables.
 */
async function relationsTouchedInTransaction(trx: Knex.Transaction): Promise<string[]> {
  const result = (await trx.raw(
    `select c.relname from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema()
        and c.relkind in ('r', 'p', 'v', 'm', 'S')
        and c.xmin = pg_current_xact_id()::xid`,
  )) as { rows: Array<{ relname: string }> };
  return result.rows.map(row => row.relname);
}

function migrationSource(
  pluginId: string,
  migrations: readonly PluginMigration[],
): Knex.MigrationSource<PluginMigration> {
  const prefix = tablePrefixForPluginId(pluginId);
  const guard = (direction: 'up' | 'down', migration: PluginMigration) => async (knex: Knex) => {
    // knex hands each migration the transaction it runs in.
    const trx = knex as Knex.Transaction;
    await migration[direction](trx);
    const foreign = (await relationsTouchedInTransaction(trx)).filter(
      name => !name.startsWith(prefix),
    );
    if (foreign.length > 0) {
      throw new Error(
        `Migration ${migration.name} of plugin "${pluginId}" ${direction === 'up' ? 'created or changed' : 'changed'} ` +
          `${foreign.join(', ')}; a plugin may only own tables named ${prefix}*`,
      );
    }
  };
  return {
    getMigrations: () => Promise.resolve([...migrations]),
    getMigrationName: migration => migration.name,
    getMigration: migration =>
      Promise.resolve({ up: guard('up', migration), down: guard('down', migration) }),
  };
}

function migratorConfig(
  pluginId: string,
  migrations: readonly PluginMigration[],
): Knex.MigratorConfig {
  for (const migration of migrations) {
    if (!isValidMigrationName(migration.name)) {
      throw new Error(
        `Migration name "${migration.name}" of plugin "${pluginId}" must look like 20260101120000_create_things`,
      );
    }
  }
  const names = new Set(migrations.map(migration => migration.name));
  if (names.size !== migrations.length) {
    throw new Error(`Plugin "${pluginId}" has two migrations with the same name`);
  }
  return {
    migrationSource: migrationSource(pluginId, migrations),
    // Each plugin has its own migration table (and knex's `<table>_lock` beside it).
    tableName: `${tablePrefixForPluginId(pluginId)}knex_migrations`,
  };
}

/**
 * Applies a plugin's pending migrations. With `serialize` (a PostgreSQL server shared by several
 * replicas), an advisory lock per plugin is held from another pooled connection meanwhile: knex's
 * own lock lives in a table that the first migration run has to create, so two replicas starting
 * on a fresh database would both try. PGlite is one process with one connection: no lock there.
 */
export async function migratePluginUp(
  knex: Knex,
  pluginId: string,
  migrations: readonly PluginMigration[],
  options: { serialize?: boolean } = {},
): Promise<string[]> {
  if (migrations.length === 0) return [];
  const run = async () =>
    ((await knex.migrate.latest(migratorConfig(pluginId, migrations))) as [number, string[]])[1];
  if (!options.serialize) return run();
  return knex.transaction(async lock => {
    await lock.raw('select pg_advisory_xact_lock(hashtext(?))', [
      `callboard-migrations:${pluginId}`,
    ]);
    return run();
  });
}

/** Rolls back every migration of a plugin (tests prove each migration can go down). */
export async function migratePluginDown(
  knex: Knex,
  pluginId: string,
  migrations: readonly PluginMigration[],
): Promise<string[]> {
  if (migrations.length === 0) return [];
  const [, reverted] = (await knex.migrate.rollback(
    migratorConfig(pluginId, migrations),
    true,
  )) as [number, string[]];
  return reverted;
}
