import { pipelineIsIdle } from './database/refreshStateStore';
import { createProcessor, type ProcessorOptions } from './processing/createProcessor';
import { createStitcher, type StitcherOptions } from './stitching/createStitcher';

export type CatalogEngineOptions = Omit<ProcessorOptions, 'afterCommit'> &
  Omit<StitcherOptions, 'afterCommit' | 'removeOrphansOnceSettled'> & {
    /**
     * True while the API is serving reads. Ingestion then yields to them (ADR 0020): rounds of
     * at most 100 entities and the event loop handed back between entities, in both lanes;
     * routine work also runs one writer per side and pauses after each round as long as the
     * round took, so that it takes at most about half of the process and of the database. The
     * urgent lanes do not pause: requested work stays quick.
     */
    readsActive?: () => boolean;
    /**
     * Awaited after each committed write (a processing batch, a stitch round, removed orphans):
     * lets a test look at what readers see between the steps of ingestion.
     */
    afterCommit?: (step: 'process' | 'stitch' | 'orphans') => Promise<void> | void;
  };

export interface CatalogEngine {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs rounds until nothing is due and nothing waits to be stitched (tests, dry runs). */
  runUntilIdle(timeoutMs?: number): Promise<void>;
}

/**
 * The catalog's worker, one per replica: the processor (due entities → processed results) and
 * the stitcher (changed entities → what the API serves), each with its own loops. Composed here
 * because neither knows the other: the stitcher is only told how to remove settled orphans.
 */
export function createCatalogEngine(options: CatalogEngineOptions): CatalogEngine {
  const processor = createProcessor(options);
  const stitcher = createStitcher({
    ...options,
    removeOrphansOnceSettled: () => processor.removeOrphansOnceSettled(),
  });
  return {
    async start() {
      await processor.start();
      await stitcher.start();
    },
    async stop() {
      await Promise.all([processor.stop(), stitcher.stop()]);
    },
    async runUntilIdle(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const processed = await processor.round();
        const stitched = await stitcher.round();
        // The background loops (or other replicas) may hold work this round did not see.
        if (processed === 0 && stitched === 0 && (await pipelineIsIdle(options.database.knex))) {
          return;
        }
        if (Date.now() > deadline) throw new Error('The catalog did not become idle in time');
        if (processed === 0 && stitched === 0) {
          await new Promise(resolve => setTimeout(resolve, 20));
        }
      }
    },
  };
}
