import type { Knex } from 'knex';
import type { CatalogChange, CatalogChangesPage } from '../../common';

interface ChangeRow {
  position: string;
  entity_ref: string;
  entity_id: string;
  change: 'upsert' | 'delete';
  changed_at: Date | string;
}

/**
 * Gives a delivery position to every change that has become visible since the last call, in
 * insert order. One call at a time (the feed state's row is locked), so positions are handed out
 * in the order the calls commit: a reader never sees a position before a smaller one.
 */
export async function sequenceChanges(knex: Knex): Promise<number> {
  const pending = (await knex.raw(
    'select exists (select 1 from catalog_changes where position is null) as pending',
  )) as { rows: Array<{ pending: boolean }> };
  if (!pending.rows[0]?.pending) return 0;
  return knex.transaction(async trx => {
    await trx.raw('select 1 from catalog_change_feed_state where id = 1 for update');
    const result = (await trx.raw(
      `update catalog_changes c set position = s.position
         from (select seq, nextval('catalog_changes_position_seq') as position
                 from (select seq from catalog_changes where position is null order by seq) o) s
        where c.seq = s.seq`,
    )) as { rowCount: number | null };
    return result.rowCount ?? 0;
  });
}

/**
 * Changes after position `after`, in delivery order. `resync` says the feed no longer holds what
 * follows `after`: the consumer must read everything anew, then go on from `next`.
 */
export async function readChanges(
  knex: Knex,
  after: number,
  limit: number,
): Promise<CatalogChangesPage> {
  await sequenceChanges(knex);
  const state = (await knex('catalog_change_feed_state').where({ id: 1 }).first()) as
    { pruned_through: string } | undefined;
  const prunedThrough = Number(state?.pruned_through ?? 0);
  if (after < prunedThrough) {
    // Everything served now includes every change delivered so far: read it all anew, then go
    // on from the newest position (changes after it may be seen twice, never missed).
    const newest = (await knex.raw(
      'select coalesce(max(position), ?) as position from catalog_changes',
      [prunedThrough],
    )) as { rows: Array<{ position: string }> };
    return { items: [], next: Number(newest.rows[0]?.position ?? prunedThrough), resync: true };
  }
  const result = (await knex.raw(
    `select position, entity_ref, entity_id, change, changed_at
       from catalog_changes
      where position > ?
      order by position
      limit ?`,
    [after, limit],
  )) as { rows: ChangeRow[] };
  const items: CatalogChange[] = result.rows.map(row => ({
    seq: Number(row.position),
    entityRef: row.entity_ref,
    entityId: row.entity_id,
    change: row.change,
    changedAt: new Date(row.changed_at).toISOString(),
  }));
  return { items, next: items.at(-1)?.seq ?? after, resync: false };
}

/** Records how far a consumer has come, so that the rows behind every consumer can go. */
export async function acknowledgeChanges(
  knex: Knex | Knex.Transaction,
  consumerId: string,
  position: number,
): Promise<void> {
  await knex.raw(
    `insert into catalog_change_consumers (consumer_id, position, acknowledged_at)
     values (?, ?, now())
     on conflict (consumer_id) do update
       set position = greatest(catalog_change_consumers.position, excluded.position),
           acknowledged_at = now()`,
    [consumerId, position],
  );
}

/**
 * Deletes the rows every consumer has passed, and any row older than the retention window
 * whatever the consumers say (a consumer that stopped for longer resyncs). Consumers silent for
 * longer than the window no longer hold rows back. Answers how far the feed is now pruned.
 */
export async function pruneChanges(
  knex: Knex,
  options: { retentionMs: number },
): Promise<{ prunedThrough: number; deleted: number }> {
  return knex.transaction(async trx => {
    const retention = `${Math.max(0, Math.round(options.retentionMs))} milliseconds`;
    const horizon = (await trx.raw(
      `select coalesce(
                least(
                  (select min(position) from catalog_change_consumers
                    where acknowledged_at > now() - ?::interval),
                  (select max(position) from catalog_changes)
                ),
                (select max(position) from catalog_changes),
                0) as by_consumers,
              coalesce((select max(position) from catalog_changes
                         where changed_at <= now() - ?::interval), 0) as by_age`,
      [retention, retention],
    )) as { rows: Array<{ by_consumers: string; by_age: string }> };
    const row = horizon.rows[0];
    const through = Math.max(Number(row?.by_consumers ?? 0), Number(row?.by_age ?? 0));
    // Raw, for the row count: both drivers report `rowCount` (knex's own count differs on PGlite).
    const deletion = (await trx.raw('delete from catalog_changes where position <= ?', [
      through,
    ])) as {
      rowCount: number | null;
    };
    const deleted = deletion.rowCount ?? 0;
    await trx('catalog_change_feed_state')
      .where({ id: 1 })
      .update({ pruned_through: trx.raw('greatest(pruned_through, ?)', [through]) });
    const state = (await trx('catalog_change_feed_state').where({ id: 1 }).first()) as {
      pruned_through: string;
    };
    return { prunedThrough: Number(state.pruned_through), deleted };
  });
}
