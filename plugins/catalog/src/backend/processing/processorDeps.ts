import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ProcessingContext } from './processEntity';
import type { Origin } from './rules';

/** What the processing side's functions work with; built once by `createProcessor`. */
export interface ProcessorDeps {
  knex: Knex;
  logger: Logger;
  instanceId: string;
  /** How an entity is processed (reader, kinds, rules, depth limit), without the abort signal. */
  context: Omit<ProcessingContext, 'signal'>;
  /** Where an entity comes from, and whether that source is trusted. */
  originOf: (entity: unknown) => Promise<Origin>;
  orphanStrategy: 'delete' | 'keep';
  /** Periodic re-read interval in ms (randomised up to 1.5×), or false for none. */
  processingIntervalMs: number | false;
  batchSize: number;
  leaseMs: number;
  readConcurrency: number;
  /** A processing round still running after this writes what has finished. */
  partialWriteMs: number;
  readsActive: () => boolean;
  /** The side's stop signal now (a new one at each start). */
  stopSignal: () => AbortSignal;
  afterCommit?: (step: 'process' | 'orphans') => Promise<void> | void;
}
