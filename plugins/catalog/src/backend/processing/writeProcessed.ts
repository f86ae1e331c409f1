import {
  writeProcessingResults,
  type ProcessedWrite,
  type WriteSummary,
} from '../database/refreshStateStore';
import { hashOf } from '../database/hash';
import { isRefusalOfData, refusedProblem } from '../database/storableEntity';
import { inDerivedDataTransaction } from '../database/writeTransactions';
import type { ProcessorDeps } from './processorDeps';

type WriteDeps = Pick<
  ProcessorDeps,
  'knex' | 'logger' | 'instanceId' | 'orphanStrategy' | 'afterCommit'
>;

/** Writes processing results (one transaction when nothing is refused), then logs the batch. */
export async function writeResults(
  deps: WriteDeps,
  writes: ProcessedWrite[],
  startedAt: number,
): Promise<void> {
  const writeStartedAt = performance.now();
  const summary = await writeIsolatingRefusals(deps, writes);
  await deps.afterCommit?.('process');
  if (summary.leaseLost > 0) {
    deps.logger.warn(
      { count: summary.leaseLost },
      'leases expired during processing; another replica took over those entities',
    );
  }
  deps.logger.debug(
    {
      processed: writes.length,
      ...summary,
      deleted: summary.deleted.length,
      processMs: Math.round(writeStartedAt - startedAt),
      writeMs: Math.round(performance.now() - writeStartedAt),
    },
    'processed a batch',
  );
}

function writeBatch(deps: WriteDeps, writes: ProcessedWrite[]): Promise<WriteSummary> {
  return inDerivedDataTransaction(deps.knex, trx =>
    writeProcessingResults(trx, writes, {
      owner: deps.instanceId,
      orphanStrategy: deps.orphanStrategy,
    }),
  );
}

/**
 * Writes a batch; when the database refuses something in it that the checks before writing
 * let through, writes each half on its own, down to the one entity refused, which is written
 * as failed with a problem saying so (ADR 0018). One entity never holds back its batch.
 */
async function writeIsolatingRefusals(
  deps: WriteDeps,
  writes: ProcessedWrite[],
): Promise<WriteSummary> {
  try {
    return await writeBatch(deps, writes);
  } catch (error) {
    if (!isRefusalOfData(error)) throw error;
    if (writes.length > 1) {
      const middle = Math.ceil(writes.length / 2);
      // In queue order still: the first of two locations defining one entity keeps it.
      const first = await writeIsolatingRefusals(deps, writes.slice(0, middle));
      const second = await writeIsolatingRefusals(deps, writes.slice(middle));
      return {
        leaseLost: first.leaseLost + second.leaseLost,
        childrenWritten: first.childrenWritten + second.childrenWritten,
        stitchRequested: first.stitchRequested + second.stitchRequested,
        deleted: [...first.deleted, ...second.deleted],
      };
    }
    return writeRefused(deps, writes[0]!, error);
  }
}

/** Writes the one entity the database refused as failed, with a problem saying why. */
function writeRefused(
  deps: WriteDeps,
  refused: ProcessedWrite,
  error: unknown,
): Promise<WriteSummary> {
  deps.logger.warn(
    { entity: refused.claimed.entityRef, code: (error as { code?: string }).code },
    'the database refused a processing result; the entity is marked failed',
  );
  const problems = [refusedProblem(error)];
  return writeBatch(deps, [
    {
      claimed: refused.claimed,
      ok: false,
      relations: [],
      problems,
      resultHash: hashOf({ ok: false, entity: null, relations: [], problems }),
      nextUpdateAt: refused.nextUpdateAt,
    },
  ]);
}
