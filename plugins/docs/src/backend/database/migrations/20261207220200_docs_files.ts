import type { PluginMigration } from '@callboard/plugin-api/backend';

/** The served build's other files of the docs folder (images, downloads). */
export const docsFiles: PluginMigration = {
  name: '20261207220200_docs_files',
  async up(knex) {
    await knex.schema.createTable('docs_files', table => {
      table.text('entity_ref').notNullable();
      table.text('path').notNullable();
      table.binary('bytes').notNullable();
      table.text('content_type').notNullable();
      table.primary(['entity_ref', 'path']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable('docs_files');
  },
};
