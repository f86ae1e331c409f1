import type { PluginMigration } from '@callboard/plugin-api/backend';

/**
 * The versions model: deployments are history (kept forever, one row per report); `current`
 * holds, per entity, environment and target, the deployment now running and the one before,
 * recomputed from history under a row lock on every report; releases come from tags or the API;
 * sources are the repositories whose tags are read; environments from the catalog are mirrored
 * from the change feed, whose cursor is kept here.
 */
export const createVersionsTables: PluginMigration = {
  name: '20261207220000_create_versions_tables',
  async up(knex) {
    await knex.schema.createTable('versions_change_cursors', table => {
      table.text('consumer_id').primary();
      table.bigInteger('position').notNullable();
    });
    // Entities the change feed named, waiting to be read from the catalog outside the feed's
    // transaction (on PGlite, the one connection is the transaction's while it is open).
    await knex.schema.createTable('versions_entity_queue', table => {
      table.text('entity_ref').primary();
      table.bigInteger('seq').notNullable();
    });
    await knex.schema.createTable('versions_catalog_environments', table => {
      table.text('entity_ref').primary();
      table.text('name').notNullable();
      table.text('title').notNullable();
      table.text('tier').notNullable();
    });
    await knex.schema.createTable('versions_deployments', table => {
      table.bigIncrements('id').primary();
      table.text('entity_ref').notNullable();
      table.text('environment').notNullable();
      // '' is the environment as a whole: a key column, so it is never null.
      table.text('target').notNullable().defaultTo('');
      table.text('version').notNullable();
      table.text('commit');
      table.text('status').notNullable();
      table.timestamp('started_at', { useTz: true });
      table.timestamp('finished_at', { useTz: true });
      table.timestamp('reported_at', { useTz: true }).notNullable();
      // When it happened, for ordering: finished, else started, else reported.
      table.timestamp('event_at', { useTz: true }).notNullable();
      table.text('url');
      table.text('idempotency_key').unique();
      table.text('reported_by').notNullable();
      table.index(['entity_ref', 'environment', 'target', 'event_at'], 'versions_deployments_key');
      table.index(['reported_at', 'id'], 'versions_deployments_feed');
    });
    await knex.schema.createTable('versions_current', table => {
      table.text('entity_ref').notNullable();
      table.text('environment').notNullable();
      table.text('target').notNullable();
      table.bigInteger('current_id');
      table.bigInteger('previous_id');
      table.primary(['entity_ref', 'environment', 'target']);
    });
    await knex.schema.createTable('versions_releases', table => {
      table.text('entity_ref').notNullable();
      table.text('version').notNullable();
      table.text('commit');
      table.timestamp('date', { useTz: true });
      table.text('url');
      table.text('source').notNullable();
      table.timestamp('seen_at', { useTz: true }).notNullable();
      table.primary(['entity_ref', 'version']);
    });
    await knex.schema.createTable('versions_sources', table => {
      table.text('entity_ref').primary();
      table.text('repository').notNullable();
      table.text('tag_pattern').notNullable();
      table.timestamp('requested_at', { useTz: true }).notNullable();
      table.timestamp('refreshed_at', { useTz: true });
      table.text('problem');
    });
  },
  async down(knex) {
    for (const table of [
      'versions_sources',
      'versions_releases',
      'versions_current',
      'versions_deployments',
      'versions_catalog_environments',
      'versions_entity_queue',
      'versions_change_cursors',
    ]) {
      await knex.schema.dropTable(table);
    }
  },
};
