import type { Knex } from 'knex';
import type { CatalogChange, CatalogChangesPage } from '../../common';

interface ChangeRow {
  seq: string;
  entity_ref: string;
  entity_id: string;
  change: 'upsert' | 'delete';
  changed_at: Date | string;
  safe: boolean;
}

/**
 * Changes after `after`, oldest first, up to the first one that is not yet safe to deliver (a
 * transaction that took a smaller seq may still commit; see changeFeedMigrations). `resync`
 * says the feed no longer holds what follows `after`: the consumer must read everything anew.
 */
export async function readChanges(
  knex: Knex | Knex.Transaction,
  after: number,
  limit: number,
): Promise<CatalogChangesPage> {
  const state = (await knex('catalog_change_feed_state').where({ id: 1 }).first()) as
    { pruned_through: string } | undefined;
  const prunedThrough = Number(state?.pruned_through ?? 0);
  if (after < prunedThrough) {
    // Everything served now includes every change up to the newest safe one: read it all anew,
    // then go on from there (changes after it may be seen twice, never missed).
    const newest = (await knex.raw(
      `select coalesce(max(seq), ?) as seq from catalog_changes
        where horizon <= pg_snapshot_xmin(pg_current_snapshot())::text::bigint`,
      [prunedThrough],
    )) as { rows: Array<{ seq: string }> };
    return { items: [], next: Number(newest.rows[0]?.seq ?? prunedThrough), resync: true };
  }
  const result = (await knex.raw(
    `select seq, entity_ref, entity_id, change, changed_at,
            horizon is not null and horizon <= pg_snapshot_xmin(pg_current_snapshot())::text::bigint as safe
       from catalog_changes
      where seq > ?
      order by seq
      limit ?`,
    [after, limit],
  )) as { rows: ChangeRow[] };
  const items: CatalogChange[] = [];
  for (const row of result.rows) {
    if (!row.safe) break;
    items.push({
      seq: Number(row.seq),
      entityRef: row.entity_ref,
      entityId: row.entity_id,
      change: row.change,
      changedAt: new Date(row.changed_at).toISOString(),
    });
  }
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
                  (select max(seq) from catalog_changes)
                ),
                (select max(seq) from catalog_changes),
                0) as by_consumers,
              coalesce((select max(seq) from catalog_changes
                         where changed_at <= now() - ?::interval), 0) as by_age`,
      [retention, retention],
    )) as { rows: Array<{ by_consumers: string; by_age: string }> };
    const row = horizon.rows[0];
    const through = Math.max(Number(row?.by_consumers ?? 0), Number(row?.by_age ?? 0));
    // Raw, for the row count: both drivers report `rowCount` (knex's own count differs on PGlite).
    const deletion = (await trx.raw('delete from catalog_changes where seq <= ?', [through])) as {
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
