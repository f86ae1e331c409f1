import { orphanRemovalsPending, removeSettledOrphans } from '../database/refreshStateStore';
import { inDerivedDataTransaction } from '../database/writeTransactions';
import type { ProcessorDeps } from './processorDeps';

/**
 * Deletes the entities locations stopped emitting, once what those locations emit now is
 * processed and stitched (ADR 0018). Checked after every round of either side: the last
 * processing or stitch of a location's new children is what lets its old ones go.
 */
export async function removeOrphansOnceSettled(
  deps: Pick<ProcessorDeps, 'knex' | 'logger' | 'afterCommit'>,
): Promise<void> {
  if (!(await orphanRemovalsPending(deps.knex))) return;
  const removed = await inDerivedDataTransaction(deps.knex, trx => removeSettledOrphans(trx));
  if (removed.deleted.length > 0) {
    await deps.afterCommit?.('orphans');
    deps.logger.debug({ deleted: removed.deleted.length }, 'removed orphaned entities');
  }
}
