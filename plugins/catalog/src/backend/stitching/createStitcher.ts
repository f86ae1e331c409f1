import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { PluginDatabase } from '@callboard/plugin-api/backend';
import { recordProblem } from '../database/refreshStateStore';
import { claimStitches, completeStitches, releaseStitches } from '../database/stitchQueue';
import { isRefusalOfData, refusedProblem } from '../database/storableEntity';
import { inDerivedDataTransaction, withRetryOnConflict } from '../database/writeTransactions';
import {
  roundLimitDuringReads,
  startLoops,
  stopLoops,
  stoppedLoopState,
  type Lane,
} from '../workers/workerLoops';
import { stitchEntities, type StitchSummary } from './stitchEntities';

export interface StitcherOptions {
  database: PluginDatabase;
  logger: Logger;
  instanceId: string;
  orphanStrategy: 'delete' | 'keep';
  leaseMs: number;
  /** Idle poll interval (NOTIFY wakes the stitcher earlier). */
  pollIntervalMs?: number;
  /** How long routine stitch requests wait to be merged (requested work never waits). */
  stitchDebounceMs?: number;
  /** How long relation peers wait for processing to drain before they are stitched anyway. */
  stitchPeerMaxWaitMs?: number;
  /** Stitching rounds one replica runs side by side (default 1). */
  stitchConcurrency?: number;
  /** Requested work gets a lane of its own once routine rounds have run this long (default 1 s). */
  urgentAfterMs?: number;
  /** True while the API is serving reads: rounds are smaller then (ADR 0020). */
  readsActive?: () => boolean;
  /** Awaited after each committed stitch round. */
  afterCommit?: (step: 'stitch') => Promise<void> | void;
  /**
   * Deletes what locations stopped emitting once their trees have settled (processing's, ADR
   * 0018): the last stitch of a location's new children is what lets its old ones go.
   */
  removeOrphansOnceSettled: () => Promise<void>;
}

/** The stitching side of the catalog's worker, one per replica. */
export interface Stitcher {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One stitching round; returns how many requests it handled. */
  round(lane?: Lane): Promise<number>;
}

/** What the stitcher's functions work with. */
interface StitcherDeps {
  knex: Knex;
  logger: Logger;
  instanceId: string;
  orphanStrategy: 'delete' | 'keep';
  leaseMs: number;
  debounceMs: number;
  peerMaxWaitMs: number;
  readsActive: () => boolean;
  afterCommit?: (step: 'stitch') => Promise<void> | void;
  removeOrphansOnceSettled: () => Promise<void>;
}

/**
 * Stitching turns changed entities into what the API serves, `stitchConcurrency` rounds side by
 * side, with an urgent lane that only takes requested work.
 */
export function createStitcher(options: StitcherOptions): Stitcher {
  const state = stoppedLoopState();
  const readsActive = options.readsActive ?? (() => false);
  const deps: StitcherDeps = {
    knex: options.database.knex,
    logger: options.logger,
    instanceId: options.instanceId,
    orphanStrategy: options.orphanStrategy,
    leaseMs: options.leaseMs,
    debounceMs: options.stitchDebounceMs ?? 500,
    peerMaxWaitMs: options.stitchPeerMaxWaitMs ?? 10_000,
    readsActive,
    removeOrphansOnceSettled: options.removeOrphansOnceSettled,
    ...(options.afterCommit ? { afterCommit: options.afterCommit } : {}),
  };
  const side = {
    name: 'stitch' as const,
    routineWorkers: options.stitchConcurrency ?? 1,
    round: (lane: Lane) => stitchRound(deps, lane),
  };
  const settings = {
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    urgentAfterMs: options.urgentAfterMs ?? 1_000,
    readsActive,
    logger: options.logger,
  };
  return {
    start: () =>
      startLoops(state, side, settings, (channel, onNotify) =>
        options.database.listen(channel, onNotify),
      ),
    stop: () => stopLoops(state),
    round: (lane = 'all') => stitchRound(deps, lane),
  };
}

/** One stitching round; returns how many requests it handled. */
async function stitchRound(deps: StitcherDeps, lane: Lane): Promise<number> {
  const claims = await claimStitches(deps.knex, {
    owner: deps.instanceId,
    limit: deps.readsActive() ? roundLimitDuringReads : 1_000,
    leaseMs: deps.leaseMs,
    debounceMs: deps.debounceMs,
    peerMaxWaitMs: deps.peerMaxWaitMs,
    urgentOnly: lane === 'urgent',
  });
  if (claims.length === 0) {
    await deps.removeOrphansOnceSettled();
    return 0;
  }
  const startedAt = performance.now();
  let stitched;
  try {
    stitched = await stitchIsolatingRefusals(
      deps,
      claims.map(claim => claim.entityRef),
    );
    // After the commit, in a transaction of its own: the stitch transaction then never holds
    // queue rows that processing is renewing (it would wait for them, and they for it). Dying
    // in between only leaves the claims leased until they expire and are stitched again, which
    // changes nothing.
    await withRetryOnConflict(() => completeStitches(deps.knex, claims, deps.instanceId));
  } catch (error) {
    // Give the claims back at once: a request left leased would wait out the whole lease,
    // however urgent it is.
    await releaseStitches(deps.knex, claims, deps.instanceId).catch(() => undefined);
    throw error;
  }
  await deps.afterCommit?.('stitch');
  await deps.removeOrphansOnceSettled();
  deps.logger.debug(
    { ...stitched, ms: Math.round(performance.now() - startedAt) },
    'stitched a batch',
  );
  return claims.length;
}

function stitchBatch(deps: StitcherDeps, refs: string[]): Promise<StitchSummary> {
  return inDerivedDataTransaction(deps.knex, trx =>
    stitchEntities(trx, refs, { orphanStrategy: deps.orphanStrategy }),
  );
}

/**
 * Stitches; when the database refuses something, stitches each half on its own, down to the
 * one entity refused. That one keeps the version served before, and its problem is recorded
 * (ADR 0018).
 */
async function stitchIsolatingRefusals(deps: StitcherDeps, refs: string[]): Promise<StitchSummary> {
  try {
    return await stitchBatch(deps, refs);
  } catch (error) {
    if (!isRefusalOfData(error)) throw error;
    if (refs.length > 1) {
      const middle = Math.ceil(refs.length / 2);
      const first = await stitchIsolatingRefusals(deps, refs.slice(0, middle));
      const second = await stitchIsolatingRefusals(deps, refs.slice(middle));
      return {
        written: first.written + second.written,
        removed: first.removed + second.removed,
        unchanged: first.unchanged + second.unchanged,
      };
    }
    const ref = refs[0]!;
    deps.logger.warn(
      { entity: ref, code: (error as { code?: string }).code },
      'the database refused a stitched entity; the version served before is kept',
    );
    await recordProblem(deps.knex, ref, refusedProblem(error));
    return { written: 0, removed: 0, unchanged: 1 };
  }
}
