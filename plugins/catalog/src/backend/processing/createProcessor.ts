import type { Logger } from 'pino';
import type { KindRegistry } from '@callboard/catalog-model';
import type { PluginDatabase, RepositoryReader } from '@callboard/plugin-api/backend';
import { makeFailedEntitiesDue } from '../database/refreshStateStore';
import {
  startLoops,
  stopLoops,
  stoppedLoopState,
  type Lane,
  type WorkerSide,
} from '../workers/workerLoops';
import { createOriginLookup } from './originLookup';
import { processRound } from './processRound';
import type { ProcessorDeps } from './processorDeps';
import { removeOrphansOnceSettled } from './removeOrphansOnceSettled';
import type { CatalogRules } from './rules';

export interface ProcessorOptions {
  database: PluginDatabase;
  reader: RepositoryReader;
  kinds: () => KindRegistry;
  rules: CatalogRules;
  logger: Logger;
  instanceId: string;
  /** How an origin location ref (`url:…`) maps to its registered/config source. */
  originSource: (type: string, target: string) => Promise<'api' | 'config'>;
  orphanStrategy: 'delete' | 'keep';
  /** Periodic re-read interval in ms (randomised up to 1.5×), or false for none. */
  processingIntervalMs: number | false;
  batchSize: number;
  leaseMs: number;
  maxLocationDepth: number;
  readConcurrency: number;
  /** Idle poll interval (NOTIFY wakes the processor earlier). */
  pollIntervalMs?: number;
  /** A processing round still running after this writes what has finished (default 1 s). */
  partialWriteMs?: number;
  /** Requested work gets a lane of its own once routine rounds have run this long (default 1 s). */
  urgentAfterMs?: number;
  /** True while the API is serving reads: ingestion then yields to them (ADR 0020). */
  readsActive?: () => boolean;
  /** Awaited after each committed write (a processing batch, removed orphans). */
  afterCommit?: (step: 'process' | 'orphans') => Promise<void> | void;
}

/** The processing side of the catalog's worker, one per replica. */
export interface Processor {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One processing round; returns how many entities it claimed. */
  round(lane?: Lane): Promise<number>;
  /** Deletes what locations stopped emitting, once their trees have settled (ADR 0018). */
  removeOrphansOnceSettled(): Promise<void>;
}

/**
 * Processing claims due entities in batches (leases, SKIP LOCKED), processes them with bounded
 * concurrency and writes each batch in one transaction. One routine worker, and an urgent lane
 * that only takes requested work.
 */
export function createProcessor(options: ProcessorOptions): Processor {
  const state = stoppedLoopState();
  const readsActive = options.readsActive ?? (() => false);
  const deps: ProcessorDeps = {
    knex: options.database.knex,
    logger: options.logger,
    instanceId: options.instanceId,
    context: {
      reader: options.reader,
      kinds: options.kinds,
      rules: options.rules,
      maxLocationDepth: options.maxLocationDepth,
    },
    originOf: createOriginLookup(options.originSource),
    orphanStrategy: options.orphanStrategy,
    processingIntervalMs: options.processingIntervalMs,
    batchSize: options.batchSize,
    leaseMs: options.leaseMs,
    readConcurrency: options.readConcurrency,
    partialWriteMs: options.partialWriteMs ?? 1_000,
    readsActive,
    stopSignal: () => state.stopping.signal,
    ...(options.afterCommit ? { afterCommit: options.afterCommit } : {}),
  };
  const side: WorkerSide = {
    name: 'process',
    routineWorkers: 1,
    round: lane => processRound(deps, lane),
  };
  const settings = {
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    urgentAfterMs: options.urgentAfterMs ?? 1_000,
    readsActive,
    logger: options.logger,
  };
  return {
    start: () =>
      startLoops(
        state,
        side,
        settings,
        (channel, onNotify) => options.database.listen(channel, onNotify),
        // Entities that failed may succeed now (a plugin providing their kind was installed).
        () => makeFailedEntitiesDue(deps.knex),
      ),
    stop: () => stopLoops(state),
    round: (lane = 'all') => processRound(deps, lane),
    removeOrphansOnceSettled: () => removeOrphansOnceSettled(deps),
  };
}
