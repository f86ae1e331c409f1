import type { PluginMigration } from '@callboard/plugin-api/backend';
import { keyList } from '../kindSortKeys';

/**
 * The kind walk's index `(key, kind, value, entity_id)` covered every search row, and was the
 * most expensive of the table's indexes to write: on 350,000 rows (10,000 entities) it took
 * inserting them from 1.8 s to 2.7–3.1 s. Only a dozen keys are ever sorted by, so it now holds
 * their rows alone (+0.25 s on the same rows).
 */
export const catalogSearchKindSortKeysOnly: PluginMigration = {
  name: '20261127100000_catalog_search_kind_sort_keys_only',
  async up(knex) {
    await knex.raw('drop index catalog_search_key_kind_value_entity_idx');
    await knex.raw(
      `create index catalog_search_sort_kind_value_entity_idx
          on catalog_search (key, kind, value, entity_id) where key in (${keyList()})`,
    );
  },
  async down(knex) {
    await knex.raw('drop index catalog_search_sort_kind_value_entity_idx');
    await knex.raw(
      'create index catalog_search_key_kind_value_entity_idx on catalog_search (key, kind, value, entity_id)',
    );
  },
};
