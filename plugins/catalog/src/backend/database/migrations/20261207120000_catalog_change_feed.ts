import type { PluginMigration } from '@callboard/plugin-api/backend';

/**
 * The change feed (ADR 0026): every change to a served entity (`catalog_final_entities`),
 * whatever path makes it, is recorded by statement-level triggers in the same transaction.
 *
 * `seq` is insert order, not commit order: a transaction can take seq 50, another take 51 and
 * commit first, and a reader that moved past 51 would never see 50. So rows are delivered by
 * `position`, given by the reader side (`sequenceChanges`) to rows once they are visible, in one
 * transaction at a time: a change that commits late gets a later position and is never skipped,
 * and writers never wait for each other or for readers.
 */
export const catalogChangeFeed: PluginMigration = {
  name: '20261207120000_catalog_change_feed',
  async up(knex) {
    await knex.raw(`
        create table catalog_changes (
          seq bigserial primary key,
          entity_ref text not null,
          entity_id uuid not null,
          change text not null check (change in ('upsert', 'delete')),
          position bigint unique,
          changed_at timestamptz not null default now()
        )`);
    await knex.raw(`
        create table catalog_change_consumers (
          consumer_id text primary key,
          position bigint not null,
          acknowledged_at timestamptz not null default now()
        )`);
    await knex.raw(`
        create table catalog_change_feed_state (
          id smallint primary key check (id = 1),
          pruned_through bigint not null
        )`);
    await knex.raw('insert into catalog_change_feed_state (id, pruned_through) values (1, 0)');
    await knex.raw('create sequence catalog_changes_position_seq');
    await knex.raw(
      'create index catalog_changes_unsequenced_idx on catalog_changes (seq) where position is null',
    );
    await knex.raw(`
        create function catalog_record_changes() returns trigger language plpgsql as $$
        begin
          if tg_op = 'INSERT' then
            insert into catalog_changes (entity_ref, entity_id, change)
              select n.entity_ref, n.entity_id, 'upsert' from new_rows n order by n.entity_ref;
          elsif tg_op = 'UPDATE' then
            -- A rename keeps the entity id: the old ref is gone, the new one is there.
            insert into catalog_changes (entity_ref, entity_id, change)
              select o.entity_ref, o.entity_id, 'delete'
                from old_rows o join new_rows n using (entity_id)
               where o.entity_ref <> n.entity_ref;
            insert into catalog_changes (entity_ref, entity_id, change)
              select n.entity_ref, n.entity_id, 'upsert'
                from new_rows n join old_rows o using (entity_id)
               where o.hash is distinct from n.hash or o.entity_ref <> n.entity_ref
               order by n.entity_ref;
          else
            insert into catalog_changes (entity_ref, entity_id, change)
              select o.entity_ref, o.entity_id, 'delete' from old_rows o order by o.entity_ref;
          end if;
          return null;
        end
        $$`);
    await knex.raw(`
        create trigger catalog_final_entities_inserted after insert on catalog_final_entities
        referencing new table as new_rows
        for each statement execute function catalog_record_changes()`);
    await knex.raw(`
        create trigger catalog_final_entities_updated after update on catalog_final_entities
        referencing old table as old_rows new table as new_rows
        for each statement execute function catalog_record_changes()`);
    await knex.raw(`
        create trigger catalog_final_entities_deleted after delete on catalog_final_entities
        referencing old table as old_rows
        for each statement execute function catalog_record_changes()`);
  },
  async down(knex) {
    for (const event of ['inserted', 'updated', 'deleted']) {
      await knex.raw(`drop trigger catalog_final_entities_${event} on catalog_final_entities`);
    }
    await knex.raw('drop function catalog_record_changes()');
    await knex.raw(
      'drop table catalog_changes, catalog_change_consumers, catalog_change_feed_state',
    );
    await knex.raw('drop sequence catalog_changes_position_seq');
  },
};
