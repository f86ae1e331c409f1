import type { PluginMigration } from '@callboard/plugin-api/backend';

/**
 * Entities to (re)index, queued in the change-feed consumer's transaction and indexed after it
 * commits. Reading an entity inside that transaction would wait forever on PGlite (one
 * connection, held by the transaction); the queue keeps exactly-once durability: a crash after
 * the cursor moved leaves the refs here for the next drain. `version` tells a drain whether a
 * ref was queued again while it read the entity (then the row stays).
 */
export const createSearchPendingEntities: PluginMigration = {
  name: '20261207223200_create_search_pending_entities',
  async up(knex) {
    await knex.raw('create sequence search_pending_entities_version');
    await knex.schema.createTable('search_pending_entities', table => {
      table.text('entity_ref').primary();
      table
        .bigInteger('version')
        .notNullable()
        .defaultTo(knex.raw(`nextval('search_pending_entities_version')`));
    });
  },
  async down(knex) {
    await knex.schema.dropTable('search_pending_entities');
    await knex.raw('drop sequence search_pending_entities_version');
  },
};
