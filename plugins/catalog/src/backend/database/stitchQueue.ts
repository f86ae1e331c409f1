import type { Knex } from 'knex';

/**
 * Asks for entities to be stitched again. The queue is keyed by ref, so a Group owning a thousand
 * components that all changed is stitched once per round, not a thousand times. A new request
 * renews the ticket, so a stitch already running does not swallow it.
 */
export async function enqueueStitch(
  knex: Knex | Knex.Transaction,
  refs: readonly string[],
  /** 0: requested (refresh, webhook); 1: changed entities; 2: their relation peers. */
  priority: 0 | 1 | 2,
): Promise<number> {
  if (refs.length === 0) return 0;
  // Sorted, so that concurrent transactions lock queue rows in the same order (no deadlocks).
  const sorted = [...new Set(refs)].sort();
  for (let index = 0; index < sorted.length; index += 5000) {
    await knex.raw(
      `insert into catalog_stitch_queue (entity_ref, priority, ticket, requested_at)
       select ref, ?, gen_random_uuid(), now() from jsonb_array_elements_text(?::jsonb) as ref
       order by ref
       on conflict (entity_ref) do update
         set ticket = excluded.ticket,
             -- A request waiting in the queue is merged into, at the higher priority of the two.
             -- One that is being stitched is served by that stitch, so the renewal carries the new
             -- request's priority alone: otherwise a peer of a requested entity would inherit its
             -- urgency for good, and be stitched again after every change of every neighbour.
             priority = case when catalog_stitch_queue.lease_owner is null
                             then least(catalog_stitch_queue.priority, excluded.priority)
                             else excluded.priority end`,
      [priority, JSON.stringify(sorted.slice(index, index + 5000))],
    );
  }
  await knex.raw(`select pg_notify('catalog_stitch', '')`);
  return refs.length;
}

export interface StitchClaim {
  entityRef: string;
  ticket: string;
  priority: number;
}

export async function claimStitches(
  knex: Knex,
  options: {
    owner: string;
    limit: number;
    leaseMs: number;
    debounceMs?: number;
    /**
     * How long relation peers (priority 2) may wait while entities are due for processing. A bulk
     * load changes a Group's relations in every batch; waiting until the load is processed
     * stitches it once instead of once per round. The limit keeps a catalog that is never idle
     * from starving them.
     */
    peerMaxWaitMs?: number;
    /** Only requested work (priority 0). */
    urgentOnly?: boolean;
  },
): Promise<StitchClaim[]> {
  const result = (await knex.raw(
    `with due as materialized (
        select entity_ref from catalog_stitch_queue
         where (lease_owner is null or lease_expires_at < now())
           -- Routine requests wait a moment, so that the many requests a busy entity (a Group
           -- whose components are arriving) gets meanwhile become one stitch. Requested work
           -- (refresh, webhook) goes at once.
           and (priority = 0 or requested_at < now() - ? * interval '1 millisecond')
           and (priority < 2 or requested_at < now() - ? * interval '1 millisecond'
                or not exists (select 1 from catalog_refresh_state where next_update_at <= now()))${options.urgentOnly ? ' and priority = 0' : ''}
         order by priority, requested_at
         limit ?
         for update skip locked)
     update catalog_stitch_queue as q
        set lease_owner = ?, lease_expires_at = now() + ? * interval '1 millisecond'
       from due
      where q.entity_ref = due.entity_ref
      returning q.entity_ref, q.ticket, q.priority`,
    // Chosen once in a materialized CTE, for the reason given at claimDueEntities.
    [
      options.debounceMs ?? 0,
      options.peerMaxWaitMs ?? 0,
      options.limit,
      options.owner,
      options.leaseMs,
    ],
  )) as { rows: Array<{ entity_ref: string; ticket: string; priority: number }> };
  return result.rows.map(row => ({
    entityRef: row.entity_ref,
    ticket: row.ticket,
    priority: row.priority,
  }));
}

/**
 * Removes the stitched requests; a request renewed meanwhile stays queued for another round.
 * Runs in a transaction of its own that first locks the claimed rows in ref order, the order in
 * which processing renews requests (enqueueStitch): two statements that lock the same rows in
 * different orders deadlock.
 */
export async function completeStitches(
  knex: Knex,
  claims: StitchClaim[],
  owner: string,
): Promise<void> {
  if (claims.length === 0) return;
  const sorted = [...claims].sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1));
  const refs = JSON.stringify(sorted.map(claim => claim.entityRef));
  await knex.transaction(async trx => {
    await trx.raw(
      `select 1 from catalog_stitch_queue
        where entity_ref in (select jsonb_array_elements_text(?::jsonb))
        order by entity_ref for update`,
      [refs],
    );
    await trx.raw(
      `delete from catalog_stitch_queue as q
        using jsonb_to_recordset(?::jsonb) as v(entity_ref text, ticket uuid)
        where q.entity_ref = v.entity_ref and q.ticket = v.ticket`,
      [
        JSON.stringify(
          sorted.map(claim => ({ entity_ref: claim.entityRef, ticket: claim.ticket })),
        ),
      ],
    );
    await trx.raw(
      // Asked again while being stitched: the wait starts over (at most one stitch per window).
      `update catalog_stitch_queue set lease_owner = null, lease_expires_at = null, requested_at = now()
        where lease_owner = ? and entity_ref in (select jsonb_array_elements_text(?::jsonb))`,
      [owner, refs],
    );
  });
}

/** Gives claims back unfinished (a failed round), so that they are taken again at once. */
export async function releaseStitches(
  knex: Knex,
  claims: StitchClaim[],
  owner: string,
): Promise<void> {
  if (claims.length === 0) return;
  // Each claim gets its own priority back, in case a renewal meanwhile lowered it.
  await knex.raw(
    `update catalog_stitch_queue as q
        set lease_owner = null, lease_expires_at = null, priority = least(q.priority, v.priority)
       from jsonb_to_recordset(?::jsonb) as v(entity_ref text, priority smallint)
      where q.lease_owner = ? and q.entity_ref = v.entity_ref`,
    [
      JSON.stringify(
        [...claims]
          .sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1))
          .map(claim => ({ entity_ref: claim.entityRef, priority: claim.priority })),
      ),
      owner,
    ],
  );
}
