import type { PluginMigration } from '@callboard/plugin-api/backend';

/**
 * Entities keep the key order their authors wrote: `jsonb` sorts object keys (shorter first), which
 * scrambled a template's form fields and the YAML tab. `json` stores the text as written. Hashes
 * are cleared so the next read of every location rewrites (and restitches) what was stored
 * reordered.
 */
export const catalogRefreshStateJsonEntities: PluginMigration = {
  name: '20261126100000_catalog_refresh_state_json_entities',
  async up(knex) {
    await knex.raw(`alter table catalog_refresh_state
        alter column unprocessed_entity type json using unprocessed_entity::json,
        alter column processed_entity type json using processed_entity::json`);
    await knex.raw(`update catalog_refresh_state set unprocessed_hash = '', result_hash = null`);
  },
  async down(knex) {
    await knex.raw(`alter table catalog_refresh_state
        alter column unprocessed_entity type jsonb using unprocessed_entity::jsonb,
        alter column processed_entity type jsonb using processed_entity::jsonb`);
  },
};
