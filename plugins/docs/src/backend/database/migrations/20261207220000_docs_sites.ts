import type { PluginMigration } from '@callboard/plugin-api/backend';

/**
 * One row per entity the docs plugin has heard of (from the change feed or a first view): what
 * its site is built from, the served build's site JSON and problems, and the build queue itself
 * (`build_requested_at`, leased through `lease_owner`/`lease_expires_at` so that one replica
 * builds a site at a time and a dead replica's build is taken over).
 */
export const docsSites: PluginMigration = {
  name: '20261207220000_docs_sites',
  async up(knex) {
    await knex.schema.createTable('docs_sites', table => {
      table.text('entity_ref').primary();
      // The entity as the sites list shows and filters it.
      table.text('kind');
      table.text('namespace');
      table.text('name');
      table.text('entity_title');
      table.text('owner');
      table.text('docs_entity_ref');
      // `none` (no docs, or not looked at yet), `pending`, `building`, `ready`, `failed`.
      table.text('status').notNullable().defaultTo('none');
      table.text('source');
      table.jsonb('site');
      table.jsonb('problems').notNullable().defaultTo('[]');
      table.text('commit');
      table.timestamp('committed_at', { useTz: true });
      table.timestamp('built_at', { useTz: true });
      // The source and commit of the last build tried, good or bad: unchanged means no rebuild.
      table.text('attempted_source');
      table.text('attempted_commit');
      table.timestamp('build_requested_at', { useTz: true });
      table.boolean('build_forced').notNullable().defaultTo(false);
      // Counts requests, so that a request made while a build runs is not lost when it ends.
      table.integer('build_requests').notNullable().defaultTo(0);
      table.text('lease_owner');
      table.timestamp('lease_expires_at', { useTz: true });
    });
    await knex.raw(
      'create index docs_sites_requested_idx on docs_sites (build_requested_at) where build_requested_at is not null',
    );
  },
  async down(knex) {
    await knex.schema.dropTable('docs_sites');
  },
};
