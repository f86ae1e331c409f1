import type { Knex } from 'knex';

/**
 * One schema change of a plugin. `name` is `YYYYMMDDHHMMSS_snake_name`; both directions are
 * required so that every migration can be rolled back and is tested up and down.
 */
export interface PluginMigration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const migrationNamePattern = /^\d{14}_[a-z0-9]+(_[a-z0-9]+)*$/;

export function isValidMigrationName(name: string): boolean {
  return migrationNamePattern.test(name);
}
