import type { PluginMigration } from '@callboard/plugin-api/backend';

/**
 * Entities a location stopped emitting wait here until what it emits now is served (issue 13
 * §6, ADR 0018): deleted in the same transaction that queued their successors, they left the
 * catalog seconds before the successors arrived.
 */
export const catalogOrphanRemovals: PluginMigration = {
  name: '20261207180000_catalog_orphan_removals',
  async up(knex) {
    await knex.schema.createTable('catalog_orphan_removals', table => {
      table.text('entity_ref').primary().comment('an entity its parent no longer emits');
      table
        .text('parent_ref')
        .notNullable()
        .comment('the parent that stopped emitting it: its children must settle first');
      table.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.index(['parent_ref'], 'catalog_orphan_removals_parent_idx');
    });
  },
  async down(knex) {
    await knex.schema.dropTable('catalog_orphan_removals');
  },
};
