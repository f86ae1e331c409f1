import type { PluginMigration } from '@callboard/plugin-api/backend';

/** `GET /entities/recent` reads the newest few served entities: an index walk, not a sort of all. */
export const catalogFinalEntitiesUpdatedAt: PluginMigration = {
  name: '20261125090000_catalog_final_entities_updated_at',
  async up(knex) {
    await knex.raw(
      'create index catalog_final_entities_updated_at_idx on catalog_final_entities (updated_at desc, entity_ref)',
    );
  },
  async down(knex) {
    await knex.raw('drop index catalog_final_entities_updated_at_idx');
  },
};
