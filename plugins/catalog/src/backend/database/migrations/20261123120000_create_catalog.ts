import type { PluginMigration } from '@callboard/plugin-api/backend';

/**
 * The catalog's tables. The flow: locations → refresh_state (one row per entity as emitted, the
 * processing queue with leases) → relations and final_entities (stitched, what the API serves)
 * → search (flattened key/value rows the filters run on).
 */
export const createCatalog: PluginMigration = {
  name: '20261123120000_create_catalog',
  async up(knex) {
    await knex.schema.createTable('catalog_locations', table => {
      table.uuid('id').primary();
      table.text('type').notNullable();
      table.text('target').notNullable();
      table
        .text('source')
        .notNullable()
        .comment('api: registered through the API; config: from app-config');
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.unique(['type', 'target'], { indexName: 'catalog_locations_type_target_uq' });
    });

    await knex.schema.createTable('catalog_refresh_state', table => {
      table.uuid('entity_id').primary().comment('becomes metadata.uid');
      table
        .text('entity_ref')
        .notNullable()
        .unique({ indexName: 'catalog_refresh_state_entity_ref_uq' });
      table
        .text('kind')
        .notNullable()
        .comment('lower-case kind, to find Location entities quickly');
      table
        .jsonb('unprocessed_entity')
        .notNullable()
        .comment('the entity as its location emitted it');
      table.text('unprocessed_hash').notNullable();
      table.jsonb('processed_entity').nullable().comment('the last successfully processed entity');
      table.text('result_hash').nullable().comment('hash of the last written processing result');
      table
        .jsonb('cache')
        .nullable()
        .comment('reader state between runs (repository commit, etags)');
      table
        .jsonb('errors')
        .notNullable()
        .defaultTo('[]')
        .comment('problems of the latest processing attempt');
      table
        .text('location_key')
        .nullable()
        .comment('who emitted it; only the same key may update it');
      table.jsonb('source').nullable().comment('{file, document, line} the entity was read from');
      table.integer('depth').notNullable().defaultTo(0).comment('0 for root locations');
      table
        .smallint('priority')
        .notNullable()
        .defaultTo(1)
        .comment('0: requested now (refresh, webhook); 1: periodic');
      table.timestamp('next_update_at', { useTz: true }).notNullable();
      table.text('lease_owner').nullable();
      table.timestamp('lease_expires_at', { useTz: true }).nullable();
      table
        .timestamp('processed_at', { useTz: true })
        .nullable()
        .comment('last successful processing');
      table.timestamp('attempted_at', { useTz: true }).nullable();
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.index(['priority', 'next_update_at'], 'catalog_refresh_state_queue_idx');
      table.index(['location_key'], 'catalog_refresh_state_location_key_idx');
    });
    // Refresh-state rows are wide (two copies of the entity): questions about a few of them
    // (what is due, what is leased, what has problems) must not scan them all.
    await knex.raw(
      'create index catalog_refresh_state_due_idx on catalog_refresh_state (next_update_at)',
    );
    await knex.raw(
      'create index catalog_refresh_state_leased_idx on catalog_refresh_state (lease_expires_at) where lease_owner is not null',
    );
    await knex.raw(
      `create index catalog_refresh_state_problems_idx on catalog_refresh_state (entity_ref) where errors <> '[]'::jsonb`,
    );

    await knex.schema.createTable('catalog_refresh_references', table => {
      table.bigIncrements('id');
      table
        .text('source_key')
        .nullable()
        .comment('a root: location:<id> for registered and config locations');
      table
        .text('source_entity_ref')
        .nullable()
        .comment('the parent entity that emitted the target');
      table.text('target_entity_ref').notNullable();
      table.index(['source_key'], 'catalog_refresh_references_source_key_idx');
      table.index(['source_entity_ref'], 'catalog_refresh_references_source_ref_idx');
      table.index(['target_entity_ref'], 'catalog_refresh_references_target_idx');
    });
    await knex.raw(
      `alter table catalog_refresh_references add constraint catalog_refresh_references_one_source
           check ((source_key is null) <> (source_entity_ref is null))`,
    );

    await knex.schema.createTable('catalog_relations', table => {
      table
        .uuid('originating_entity_id')
        .notNullable()
        .references('entity_id')
        .inTable('catalog_refresh_state')
        .onDelete('CASCADE');
      // Each relation is stored once, as its source declares it; the target sees `reverse_type`.
      table.text('source_entity_ref').notNullable();
      table.text('type').notNullable();
      table.text('target_entity_ref').notNullable();
      table.text('reverse_type').notNullable();
      table.index(['source_entity_ref'], 'catalog_relations_source_idx');
      table.index(['target_entity_ref'], 'catalog_relations_target_idx');
      table.index(['originating_entity_id'], 'catalog_relations_originating_idx');
    });

    await knex.schema.createTable('catalog_final_entities', table => {
      table
        .uuid('entity_id')
        .primary()
        .references('entity_id')
        .inTable('catalog_refresh_state')
        .onDelete('CASCADE');
      table
        .text('entity_ref')
        .notNullable()
        .unique({ indexName: 'catalog_final_entities_entity_ref_uq' });
      table.text('hash').notNullable().comment('etag of the stitched entity');
      table
        .text('final_entity')
        .notNullable()
        .comment('the stitched entity as JSON text, served as is');
      table
        .text('content_hash')
        .notNullable()
        .comment('hash without relations/status: bumps generation');
      table.integer('generation').notNullable().defaultTo(1);
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });

    await knex.schema.createTable('catalog_search', table => {
      // No foreign key: it costs a third of the insert rate, the largest write of stitching.
      // Rows are deleted with their entity (stitcher, deleteEntitiesWithDescendants), and
      // queries always join catalog_final_entities, so a leftover row could never match.
      table.uuid('entity_id').notNullable().comment('catalog_final_entities.entity_id');
      table.text('key').notNullable().comment('lower-cased dot path');
      table.text('value').nullable().comment('lower-cased; null when longer than 200 characters');
      table.text('original_value').nullable();
      table.index(['entity_id'], 'catalog_search_entity_idx');
      table.index(['key', 'value'], 'catalog_search_key_value_idx');
    });

    await knex.schema.createTable('catalog_stitch_queue', table => {
      table.text('entity_ref').primary();
      table.smallint('priority').notNullable().defaultTo(1);
      table
        .uuid('ticket')
        .notNullable()
        .comment('renewed on every request, so a stitch in flight does not drop a newer one');
      table.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.text('lease_owner').nullable();
      table.timestamp('lease_expires_at', { useTz: true }).nullable();
      table.index(['priority', 'requested_at'], 'catalog_stitch_queue_order_idx');
    });

    await knex.schema.createTable('catalog_conflicts', table => {
      table.text('entity_ref').notNullable().comment('the ref two locations both emit');
      table.text('loser_location_key').notNullable();
      table
        .text('loser_parent_ref')
        .notNullable()
        .comment('the entity whose processing emitted the rejected copy');
      table.text('winner_location_key').notNullable();
      table.timestamp('detected_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['entity_ref', 'loser_location_key']);
      table.index(['loser_parent_ref'], 'catalog_conflicts_loser_parent_idx');
    });
  },
  async down(knex) {
    for (const table of [
      'catalog_conflicts',
      'catalog_stitch_queue',
      'catalog_search',
      'catalog_final_entities',
      'catalog_relations',
      'catalog_refresh_references',
      'catalog_refresh_state',
      'catalog_locations',
    ]) {
      await knex.schema.dropTable(table);
    }
  },
};
