import type { Knex } from 'knex';

/**
 * A transaction writing the catalog's derived data (processing results, stitched entities,
 * removed orphans): durability relaxed, and run again when it lost a conflict with a replica.
 */
export function inDerivedDataTransaction<T>(
  knex: Knex,
  work: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return withRetryOnConflict(() =>
    knex.transaction(async trx => {
      await relaxDurability(trx);
      return work(trx);
    }),
  );
}

/**
 * Runs a transaction again when PostgreSQL aborted it for a deadlock or a serialization
 * conflict with another replica; the second attempt usually finds the other one done.
 */
export async function withRetryOnConflict<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
      await new Promise(resolve => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}

/**
 * The catalog is derived data: a crash may lose the last moments of processing, consistently,
 * and the next read of the sources redoes it. So these transactions do not wait for the WAL to
 * reach the disk, which would otherwise be most of their commit time.
 */
async function relaxDurability(trx: Knex.Transaction): Promise<void> {
  await trx.raw('set local synchronous_commit = off');
}
