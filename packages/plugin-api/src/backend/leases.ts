import type { Knex } from 'knex';

/**
 * Counts the leases a query selects (rows of a table with `lease_owner` and `lease_expires_at`)
 * by owner, leaving out expired ones: what a `LeaseKind.countByOwner` answers.
 */
export async function countLeasesByOwner(
  query: Knex.QueryBuilder,
): Promise<ReadonlyMap<string, number>> {
  const rows = (await query
    .whereNotNull('lease_owner')
    .whereRaw('lease_expires_at > now()')
    .groupBy('lease_owner')
    .select('lease_owner')
    .count({ count: '*' })) as Array<{ lease_owner: string; count: string | number }>;
  // pg answers count(*) as a string, PGlite as a number.
  return new Map(rows.map(row => [row.lease_owner, Number(row.count)]));
}
