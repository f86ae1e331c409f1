import type { PluginMigration } from '@callboard/plugin-api/backend';

/** The served build's pages, replaced in one transaction with their site. */
export const docsPages: PluginMigration = {
  name: '20261207220100_docs_pages',
  async up(knex) {
    await knex.schema.createTable('docs_pages', table => {
      table.text('entity_ref').notNullable();
      table.text('url_path').notNullable();
      table.text('path').notNullable();
      table.text('title').notNullable();
      table.text('html').notNullable();
      table.jsonb('headings').notNullable();
      table.jsonb('sections').notNullable();
      table.text('edit_url');
      // The page's place in the nav's reading order; null for pages the nav leaves out.
      table.integer('position');
      table.primary(['entity_ref', 'url_path']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable('docs_pages');
  },
};
