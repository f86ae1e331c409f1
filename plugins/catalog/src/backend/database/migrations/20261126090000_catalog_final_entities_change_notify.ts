import type { PluginMigration } from '@callboard/plugin-api/backend';

/** The NOTIFY channel (the catalog plugin's `entities_changed`) a change to served entities sends. */
export const entitiesChangedChannel = 'entities_changed';

/**
 * Every statement that changes the served entities — stitching, deleting, whatever the path —
 * sends `NOTIFY catalog_entities_changed`. A NOTIFY is delivered when its transaction commits (and
 * once per transaction), so replicas learn of a change exactly when it becomes visible: the
 * query service drops the counts and facets it remembered.
 */
export const catalogFinalEntitiesChangeNotify: PluginMigration = {
  name: '20261126090000_catalog_final_entities_change_notify',
  async up(knex) {
    await knex.raw(`
        create function catalog_notify_entities_changed() returns trigger language plpgsql as $$
        begin
          perform pg_notify('catalog_${entitiesChangedChannel}', '');
          return null;
        end
        $$`);
    await knex.raw(`
        create trigger catalog_final_entities_changed
        after insert or update or delete on catalog_final_entities
        for each statement execute function catalog_notify_entities_changed()`);
  },
  async down(knex) {
    await knex.raw('drop trigger catalog_final_entities_changed on catalog_final_entities');
    await knex.raw('drop function catalog_notify_entities_changed()');
  },
};
