import type { PluginMigration } from '@callboard/plugin-api/backend';

/**
 * `catalog_search.kind`: the entity's lower-case kind on each of its rows, and an index
 * `(key, kind, value, entity_id)`. A page of one kind sorted by a field (the catalog's default
 * view: components by name) walks that kind's values in order and stops at the limit; without it
 * the walk passes every other kind's values first, which at 100,000 entities costs hundreds of
 * milliseconds when the kind sorts late.
 */
export const catalogSearchKind: PluginMigration = {
  name: '20261126110000_catalog_search_kind',
  async up(knex) {
    await knex.raw('alter table catalog_search add column kind text');
    await knex.raw(`update catalog_search s set kind = r.kind
        from catalog_refresh_state r where r.entity_id = s.entity_id`);
    await knex.raw(
      'create index catalog_search_key_kind_value_entity_idx on catalog_search (key, kind, value, entity_id)',
    );
  },
  async down(knex) {
    await knex.raw('drop index catalog_search_key_kind_value_entity_idx');
    await knex.raw('alter table catalog_search drop column kind');
  },
};
