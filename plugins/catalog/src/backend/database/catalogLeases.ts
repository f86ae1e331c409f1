import {
  countLeasesByOwner,
  type LeaseKind,
  type PluginDatabase,
} from '@callboard/plugin-api/backend';

/**
 * The catalog's two kinds of lease, for the backend's replica registry: entities claimed for
 * processing (`catalog_refresh_state`) and stitch requests being stitched (`catalog_stitch_queue`).
 * Freed, they are due at once (a claim only takes due rows, and freeing changes nothing else), so
 * the survivors are woken to take them.
 */
export function catalogLeaseKinds(database: PluginDatabase): LeaseKind[] {
  const knex = database.knex;
  return [
    {
      id: 'processing',
      countByOwner: () => countLeasesByOwner(knex('catalog_refresh_state')),
      async release(owners) {
        const released = await knex('catalog_refresh_state')
          .whereIn('lease_owner', [...owners])
          .update({ lease_owner: null, lease_expires_at: null });
        if (released > 0) await database.notify('process');
        return released;
      },
    },
    {
      id: 'stitching',
      countByOwner: () => countLeasesByOwner(knex('catalog_stitch_queue')),
      async release(owners) {
        // Sorted row locks, as everywhere the queue is written (stitchQueue.ts): no deadlocks.
        const released = (await knex.transaction(async trx => {
          await trx.raw(
            `select 1 from catalog_stitch_queue where lease_owner = any(?) order by entity_ref for update`,
            [[...owners]],
          );
          return trx('catalog_stitch_queue')
            .whereIn('lease_owner', [...owners])
            .update({ lease_owner: null, lease_expires_at: null });
        })) as number;
        if (released > 0) await database.notify('stitch');
        return released;
      },
    },
  ];
}
