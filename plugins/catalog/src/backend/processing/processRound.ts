import {
  claimDueEntities,
  releaseProcessingLeases,
  type ClaimedEntity,
  type ProcessedWrite,
} from '../database/refreshStateStore';
import { roundLimitDuringReads, type Lane } from '../workers/workerLoops';
import { delay, mapWithConcurrency, yieldToEventLoop } from './concurrency';
import { processClaimed } from './processClaimed';
import type { ProcessorDeps } from './processorDeps';
import { removeOrphansOnceSettled } from './removeOrphansOnceSettled';
import { writeResults } from './writeProcessed';

/**
 * One processing round; returns how many entities it claimed. Results are written together
 * when the round is quick. When it is not (a location reading thousands of files), what has
 * finished is written every `partialWriteMs` meanwhile, so that one slow entity does not hold
 * back the rest of its batch, or a request that came for one of them.
 */
export async function processRound(deps: ProcessorDeps, lane: Lane = 'all'): Promise<number> {
  // Both lanes: a push that changes a whole repository is requested work too.
  const yielding = deps.readsActive();
  const claimed = await claimDueEntities(deps.knex, {
    owner: deps.instanceId,
    limit: yielding ? Math.min(deps.batchSize, roundLimitDuringReads) : deps.batchSize,
    leaseMs: deps.leaseMs,
    urgentOnly: lane === 'urgent',
  });
  if (claimed.length === 0) return 0;
  await processAndWrite(deps, claimed, yielding);
  // Stopped: what was cut short goes back to the queue for the other replicas, now.
  if (deps.stopSignal().aborted) await giveBack(deps, claimed);
  await removeOrphansOnceSettled(deps);
  return claimed.length;
}

/** Processes the claimed entities side by side, writing what has finished as it goes. */
async function processAndWrite(
  deps: ProcessorDeps,
  claimed: ClaimedEntity[],
  yielding: boolean,
): Promise<void> {
  const startedAt = performance.now();
  const finished: Array<{ index: number; write: ProcessedWrite }> = [];
  let allProcessed = false;
  // Set when a write fails: entities not started yet are left alone, since their leases are
  // given back and another round (here or on another replica) will take them.
  let abandoned = false;
  const processing = mapWithConcurrency(
    claimed.map((item, index) => ({ item, index })),
    deps.readConcurrency,
    async ({ item, index }) => {
      if (abandoned || deps.stopSignal().aborted) return;
      // Requests waiting on the event loop go before the next entity.
      if (yielding) await yieldToEventLoop();
      const write = await processClaimed(deps, item);
      if (write) finished.push({ index, write });
    },
  ).then(() => {
    allProcessed = true;
  });
  try {
    while (!allProcessed || finished.length > 0) {
      if (!allProcessed) await Promise.race([processing, delay(deps.partialWriteMs)]);
      // Written in queue order, which decides which of two locations defining one new entity
      // keeps it (the first).
      const ready = finished.splice(0).sort((a, b) => a.index - b.index);
      if (ready.length > 0) {
        await writeResults(
          deps,
          ready.map(entry => entry.write),
          startedAt,
        );
      }
    }
  } catch (error) {
    // Let what is in flight finish before giving the leases back: released while still being
    // processed here, an entity would be claimed and processed again at the same time.
    abandoned = true;
    await processing.catch(() => undefined);
    await giveBack(deps, claimed);
    throw error;
  }
}

/** Gives back at once what is not written, instead of letting its leases run out. */
async function giveBack(deps: ProcessorDeps, claimed: ClaimedEntity[]): Promise<void> {
  await releaseProcessingLeases(
    deps.knex,
    claimed.map(item => item.entityId),
    deps.instanceId,
  ).catch(() => undefined);
}
