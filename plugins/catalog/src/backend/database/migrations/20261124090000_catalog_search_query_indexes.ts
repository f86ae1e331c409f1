import type { PluginMigration } from '@callboard/plugin-api/backend';

/**
 * Indexes for the entity queries (`backend/queries`), replacing `catalog_search (key, value)`:
 *
 * - `(key, value, entity_id)`: a filter condition (`key = ? and value = ?`, `value in (…)`) is a
 *   range of this index, its entity ids already sorted (counts merge-join it with the primary key
 *   of `catalog_final_entities`); a sorted page walks the sort key's range in order and stops at
 *   the limit.
 * - `(key, entity_id, value) include (original_value)`: one key's rows in entity order, covering,
 *   so a facet merge-joins them with its filter and counts without visiting the table; it also
 *   answers the per-entity probes (EXISTS, the smallest value of a multi-valued sort key).
 *
 * `(entity_id)` stays for deletes by entity (the stitcher, the foreign key's cascade). Extended
 * statistics on (key, value) tell the planner how selective `key = ? and value = ?` is (the
 * columns are strongly correlated), which decides between walking the sort index and hashing the
 * filter's matches. Autovacuum runs sooner on the search rows, so the visibility map stays fresh
 * and the covering indexes are read without heap visits.
 */
export const catalogSearchQueryIndexes: PluginMigration = {
  name: '20261124090000_catalog_search_query_indexes',
  async up(knex) {
    await knex.raw(
      'create index catalog_search_key_value_entity_idx on catalog_search (key, value, entity_id)',
    );
    await knex.raw(
      `create index catalog_search_key_entity_value_idx
           on catalog_search (key, entity_id, value) include (original_value)`,
    );
    await knex.raw('drop index catalog_search_key_value_idx');
    await knex.raw(
      'create statistics catalog_search_key_value_stats (dependencies, mcv) on key, value from catalog_search',
    );
    await knex.raw(
      `alter table catalog_search set (
           autovacuum_vacuum_scale_factor = 0.05,
           autovacuum_analyze_scale_factor = 0.05,
           autovacuum_vacuum_insert_scale_factor = 0.05)`,
    );
  },
  async down(knex) {
    await knex.raw(
      `alter table catalog_search reset (
           autovacuum_vacuum_scale_factor,
           autovacuum_analyze_scale_factor,
           autovacuum_vacuum_insert_scale_factor)`,
    );
    await knex.raw('drop statistics catalog_search_key_value_stats');
    await knex.raw('create index catalog_search_key_value_idx on catalog_search (key, value)');
    await knex.raw('drop index catalog_search_key_entity_value_idx');
    await knex.raw('drop index catalog_search_key_value_entity_idx');
  },
};
