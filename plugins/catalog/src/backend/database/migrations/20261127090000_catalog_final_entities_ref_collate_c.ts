import type { PluginMigration } from '@callboard/plugin-api/backend';

/**
 * `catalog_final_entities.entity_ref` compares byte-wise (`collate "C"`), whatever the database's
 * locale. A ref is `kind:namespace/name` in lower case, so one kind's entities are exactly the
 * range `['component:', 'component;')` of its unique index: an unsorted `/entities` page of one
 * kind reads that range instead of walking every API, group and user that sorts before it. It
 * also makes the order of such lists the same on every deployment.
 */
export const catalogFinalEntitiesRefCollateC: PluginMigration = {
  name: '20261127090000_catalog_final_entities_ref_collate_c',
  async up(knex) {
    await knex.raw(
      'alter table catalog_final_entities alter column entity_ref type text collate "C"',
    );
    // The column's statistics go with its old type; without them the planner guesses a kind's
    // range holds a handful of rows and sorts it all instead of walking the index. (An empty
    // table is left never-analyzed, for table maintenance to analyze after its first load.)
    const [row] = await knex('catalog_final_entities').select(knex.raw('1')).limit(1);
    if (row) await knex.raw('analyze catalog_final_entities');
  },
  async down(knex) {
    await knex.raw(
      'alter table catalog_final_entities alter column entity_ref type text collate "default"',
    );
  },
};
