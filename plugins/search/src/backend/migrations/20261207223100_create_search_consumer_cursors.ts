import type { PluginMigration } from '@callboard/plugin-api/backend';

/** The catalog change-feed consumer's durable cursor (ADR 0026). */
export const createSearchConsumerCursors: PluginMigration = {
  name: '20261207223100_create_search_consumer_cursors',
  async up(knex) {
    // The catalog change-feed consumer's durable cursor (ADR 0026).
    await knex.schema.createTable('search_consumer_cursors', table => {
      table.text('consumer_id').primary();
      table.bigInteger('position').notNullable();
    });
  },
  async down(knex) {
    await knex.schema.dropTable('search_consumer_cursors');
  },
};
