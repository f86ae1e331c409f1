import type { PluginMigration } from '@callboard/plugin-api/backend';

/** The docs plugin's cursor in the catalog's change feed (ADR 0026). */
export const docsChangeCursor: PluginMigration = {
  name: '20261207220300_docs_change_cursor',
  async up(knex) {
    await knex.schema.createTable('docs_change_cursor', table => {
      table.text('consumer_id').primary();
      table.bigInteger('position').notNullable();
    });
  },
  async down(knex) {
    await knex.schema.dropTable('docs_change_cursor');
  },
};
