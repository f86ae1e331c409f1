import type { PluginMigration } from '@callboard/plugin-api/backend';

/**
 * Every document type in one table. The `body` tsvector is written by the indexer (not a
 * generated column) because its text-search configuration is `search.pg.analyzer`, chosen at
 * run time: title A, name and headings B, description and text C.
 */
export const createSearchDocuments: PluginMigration = {
  name: '20261207223000_create_search_documents',
  async up(knex) {
    await knex.schema.createTable('search_documents', table => {
      table.text('type').notNullable();
      /** Unique within the type: the entity ref, or `<entityRef>/<urlPath>#<anchor>` for docs. */
      table.text('id').notNullable();
      /** The entity the document belongs to, so its documents go when it does. */
      table.text('entity_ref').notNullable();
      table.text('title').notNullable();
      table.text('text').notNullable();
      table.text('location').notNullable();
      table.text('kind').nullable();
      table.text('namespace').nullable();
      table.text('name').nullable();
      table.text('lifecycle').nullable();
      table.text('owner').nullable();
      /** `spec.type` of the entity (Backstage's `type` filter). */
      table.text('spec_type').nullable();
      table.specificType('tags', 'text[]').notNullable().defaultTo('{}');
      table.jsonb('extra').notNullable().defaultTo('{}');
      table.specificType('body', 'tsvector').notNullable();
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['type', 'id']);
      table.index(['entity_ref'], 'search_documents_entity_ref_idx');
      table.index(['updated_at'], 'search_documents_updated_at_idx');
    });
    await knex.raw('create index search_documents_body_idx on search_documents using gin (body)');
  },
  async down(knex) {
    await knex.schema.dropTable('search_documents');
  },
};
