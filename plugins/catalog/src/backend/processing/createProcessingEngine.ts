import type { Knex } from 'knex';
import type { Logger } from 'pino';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type KindRegistry,
} from '@callboard/catalog-model';
import type { PluginDatabase, RepositoryReader } from '@callboard/plugin-api/backend';
import { describeForUser } from '@callboard/plugin-api/common';
import {
  claimDueEntities,
  loadAncestry,
  recordProblem,
  removeSettledOrphans,
  writeProcessingResults,
  type ClaimedEntity,
  type ProcessedWrite,
  type WriteSummary,
} from '../database/refreshStateStore';
import { claimStitches, completeStitches, releaseStitches } from '../database/stitchQueue';
import { stitchEntities, type StitchSummary } from '../stitching/stitchEntities';
import { hashOf } from '../database/hash';
import { processEntity, type ProcessingOutcome } from './processEntity';
import type { Problem } from '../database/Problem';
import type { CatalogRules, Origin } from './rules';
import { isRefusalOfData, refusedProblem } from '../database/storableEntity';

export interface ProcessingEngineOptions {
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
  /** Idle poll interval (NOTIFY wakes the engine earlier). */
  pollIntervalMs?: number;
  /** How long routine stitch requests wait to be merged (requested work never waits). */
  stitchDebounceMs?: number;
  /** How long relation peers wait for processing to drain before they are stitched anyway. */
  stitchPeerMaxWaitMs?: number;
  /** Stitching rounds one replica runs side by side (default 1). */
  stitchConcurrency?: number;
  /** A processing round still running after this writes what has finished (default 1 s). */
  partialWriteMs?: number;
  /** Requested work gets a lane of its own once routine rounds have run this long (default 1 s). */
  urgentAfterMs?: number;
  /**
   * True while the API is serving reads. Ingestion then yields to them (ADR 0020): rounds of at
   * most 100 entities and the event loop handed back between entities, in both lanes; routine
   * work also runs one writer per side and pauses after each round as long as the round took, so
   * that it takes at most about half of the process and of the database. The urgent lanes do not
   * pause: requested work stays quick.
   */
  readsActive?: () => boolean;
  /**
   * Awaited after each committed write (a processing batch, a stitch round, removed orphans):
   * lets a test look at what readers see between the steps of ingestion.
   */
  afterCommit?: (step: 'process' | 'stitch' | 'orphans') => Promise<void> | void;
}

/** While reads are served: at most this many entities per processing or stitching round. */
const roundLimitDuringReads = 100;

/** Which work a round claims: everything by priority, or only requested work. */
type Lane = 'all' | 'urgent';

export interface ProcessingEngine {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs rounds until nothing is due and nothing waits to be stitched (tests, dry runs). */
  runUntilIdle(timeoutMs?: number): Promise<void>;
}

/**
 * The catalog's worker, one per replica. Processing claims due entities in batches (leases, SKIP
 * LOCKED), processes them with bounded concurrency and writes each batch in one transaction;
 * stitching turns changed entities into what the API serves (`stitchConcurrency` rounds side by
 * side). Each side also has an urgent lane that only takes requested work. Every loop sleeps
 * until a NOTIFY from any replica (or a poll) says there is work.
 */
export function createProcessingEngine(options: ProcessingEngineOptions): ProcessingEngine {
  const { database, logger } = options;
  const knex = database.knex;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const readsActive = options.readsActive ?? (() => false);
  let running = false;
  // Aborted by stop(): reads in flight end at once, and their entities go back to the queue.
  let stopping = new AbortController();
  const loops: Array<Promise<void>> = [];
  const wakers = { process: new Set<() => void>(), stitch: new Set<() => void>() };
  const unlisten: Array<() => Promise<void>> = [];

  const wake = (which: 'process' | 'stitch') => () => {
    for (const resolve of wakers[which]) resolve();
    wakers[which].clear();
  };
  const sleep = (which: 'process' | 'stitch', ms = pollIntervalMs) =>
    new Promise<void>(resolve => {
      const timer = setTimeout(() => {
        wakers[which].delete(done);
        resolve();
      }, ms);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      wakers[which].add(done);
    });

  const nextUpdateFor = (kind: string, outcome: ProcessingOutcome): Date | 'infinity' => {
    const periodic =
      kind === 'location' ||
      (outcome.entity !== undefined && JSON.stringify(outcome.entity).includes('"$'));
    if (!periodic || options.processingIntervalMs === false) return 'infinity';
    const jitter = 1 + Math.random() * 0.5;
    return new Date(Date.now() + options.processingIntervalMs * jitter);
  };

  /** Processes one entity; undefined when the engine stopped meanwhile (nothing to write). */
  async function processOne(claimed: ClaimedEntity): Promise<ProcessedWrite | undefined> {
    const stopped = stopping.signal;
    let outcome: ProcessingOutcome;
    try {
      const origin = await originOf(claimed.unprocessedEntity);
      const ancestry =
        claimed.kind === 'location'
          ? await loadAncestry(knex, claimed.entityRef)
          : new Set<string>();
      outcome = await processEntity(
        {
          entityRef: claimed.entityRef,
          unprocessedEntity: claimed.unprocessedEntity,
          depth: claimed.depth,
          ancestry,
          origin,
          urgent: claimed.priority === 0,
        },
        {
          reader: options.reader,
          kinds: options.kinds,
          rules: options.rules,
          maxLocationDepth: options.maxLocationDepth,
          signal: AbortSignal.any([
            AbortSignal.timeout(Math.max(1_000, options.leaseMs - 5_000)),
            stopped,
          ]),
        },
      );
    } catch (error) {
      if (stopped.aborted) return undefined;
      logger.error({ err: error, entity: claimed.entityRef }, 'processing failed unexpectedly');
      const problem: Problem = {
        type: 'location',
        level: 'error',
        name: (error as Error).name || 'Error',
        message: `Processing failed: ${describeForUser(error)}`,
      };
      outcome = { ok: false, relations: [], problems: [problem] };
    }
    // What a read cut short by the stop found is not what the source holds.
    if (stopped.aborted) return undefined;
    const children = outcome.children
      ? { emitted: outcome.children.emitted, keep: outcome.children.keep }
      : undefined;
    return {
      claimed,
      ok: outcome.ok,
      entity: outcome.ok ? outcome.entity : undefined,
      relations: outcome.ok ? outcome.relations : [],
      problems: outcome.problems,
      resultHash: hashOf({
        ok: outcome.ok,
        entity: outcome.ok ? outcome.entity : null,
        relations: outcome.relations,
        problems: outcome.problems,
        children: children && {
          keep: children.keep,
          emitted: children.emitted.map(child => [child.entityRef, child.hash, child.locationKey]),
        },
      }),
      nextUpdateAt: nextUpdateFor(claimed.kind, outcome),
      children,
    };
  }

  const originCache = new Map<string, { source: 'api' | 'config'; at: number }>();
  async function originOf(entity: unknown): Promise<Origin> {
    const annotations =
      (entity as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations ??
      {};
    const ref = annotations[ANNOTATION_ORIGIN_LOCATION] ?? annotations[ANNOTATION_LOCATION] ?? '';
    const colon = ref.indexOf(':');
    const type = ref.slice(0, colon);
    const target = ref.slice(colon + 1);
    const cached = originCache.get(ref);
    if (cached && Date.now() - cached.at < 30_000) return { type, target, source: cached.source };
    const source = type === 'file' ? 'config' : await options.originSource(type, target);
    originCache.set(ref, { source, at: Date.now() });
    return { type, target, source };
  }

  /**
   * One processing round; returns how many entities it claimed. Results are written together
   * when the round is quick. When it is not (a location reading thousands of files), what has
   * finished is written every `partialWriteMs` meanwhile, so that one slow entity does not hold
   * back the rest of its batch, or a request that came for one of them.
   */
  async function processRound(lane: Lane = 'all'): Promise<number> {
    // Both lanes: a push that changes a whole repository is requested work too.
    const yielding = readsActive();
    const claimed = await claimDueEntities(knex, {
      owner: options.instanceId,
      limit: yielding ? Math.min(options.batchSize, roundLimitDuringReads) : options.batchSize,
      leaseMs: options.leaseMs,
      urgentOnly: lane === 'urgent',
    });
    if (claimed.length === 0) return 0;
    const startedAt = performance.now();
    const finished: Array<{ index: number; write: ProcessedWrite }> = [];
    let allProcessed = false;
    // Set when a write fails: entities not started yet are left alone, since their leases are
    // given back and another round (here or on another replica) will take them.
    let abandoned = false;
    const processing = mapWithConcurrency(
      claimed.map((item, index) => ({ item, index })),
      options.readConcurrency,
      async ({ item, index }) => {
        if (abandoned || stopping.signal.aborted) return;
        // Requests waiting on the event loop go before the next entity.
        if (yielding) await yieldToEventLoop();
        const write = await processOne(item);
        if (write) finished.push({ index, write });
      },
    ).then(() => {
      allProcessed = true;
    });
    try {
      while (!allProcessed || finished.length > 0) {
        if (!allProcessed) {
          await Promise.race([processing, delay(options.partialWriteMs ?? 1_000)]);
        }
        // Written in queue order, which decides which of two locations defining one new entity
        // keeps it (the first).
        const ready = finished.splice(0).sort((a, b) => a.index - b.index);
        if (ready.length > 0) {
          await writeResults(
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
      await giveBack(claimed);
      throw error;
    }
    // Stopped: what was cut short goes back to the queue for the other replicas, now.
    if (stopping.signal.aborted) await giveBack(claimed);
    await removeOrphansOnceSettled();
    return claimed.length;
  }

  /**
   * Deletes the entities locations stopped emitting, once what those locations emit now is
   * processed and stitched (ADR 0018). Checked after every round of either side: the last
   * processing or stitch of a location's new children is what lets its old ones go.
   */
  async function removeOrphansOnceSettled(): Promise<void> {
    const pending = await knex('catalog_orphan_removals').first('entity_ref');
    if (!pending) return;
    const removed = await withRetryOnConflict(() =>
      knex.transaction(async trx => {
        await relaxDurability(trx);
        return removeSettledOrphans(trx);
      }),
    );
    if (removed.deleted.length > 0) {
      await options.afterCommit?.('orphans');
      logger.debug({ deleted: removed.deleted.length }, 'removed orphaned entities');
    }
  }

  /** Gives back at once what is not written, instead of letting its leases run out. */
  async function giveBack(claimed: ClaimedEntity[]): Promise<void> {
    await knex('catalog_refresh_state')
      .whereIn(
        'entity_id',
        claimed.map(item => item.entityId),
      )
      .where({ lease_owner: options.instanceId })
      .update({ lease_owner: null, lease_expires_at: null })
      .catch(() => undefined);
  }

  const writeBatch = (writes: ProcessedWrite[]) =>
    withRetryOnConflict(() =>
      knex.transaction(async trx => {
        await relaxDurability(trx);
        return writeProcessingResults(trx, writes, {
          owner: options.instanceId,
          orphanStrategy: options.orphanStrategy,
        });
      }),
    );

  /**
   * Writes a batch; when the database refuses something in it that the checks before writing
   * let through, writes each half on its own, down to the one entity refused, which is written
   * as failed with a problem saying so (ADR 0018). One entity never holds back its batch.
   */
  async function writeIsolatingRefusals(writes: ProcessedWrite[]): Promise<WriteSummary> {
    try {
      return await writeBatch(writes);
    } catch (error) {
      if (!isRefusalOfData(error)) throw error;
      if (writes.length > 1) {
        const middle = Math.ceil(writes.length / 2);
        // In queue order still: the first of two locations defining one entity keeps it.
        const first = await writeIsolatingRefusals(writes.slice(0, middle));
        const second = await writeIsolatingRefusals(writes.slice(middle));
        return {
          leaseLost: first.leaseLost + second.leaseLost,
          childrenWritten: first.childrenWritten + second.childrenWritten,
          stitchRequested: first.stitchRequested + second.stitchRequested,
          deleted: [...first.deleted, ...second.deleted],
        };
      }
      const refused = writes[0]!;
      logger.warn(
        { entity: refused.claimed.entityRef, code: (error as { code?: string }).code },
        'the database refused a processing result; the entity is marked failed',
      );
      const problems = [refusedProblem(error)];
      return writeBatch([
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
  }

  async function writeResults(writes: ProcessedWrite[], startedAt: number): Promise<void> {
    const writeStartedAt = performance.now();
    const summary = await writeIsolatingRefusals(writes);
    await options.afterCommit?.('process');
    if (summary.leaseLost > 0) {
      logger.warn(
        { count: summary.leaseLost },
        'leases expired during processing; another replica took over those entities',
      );
    }
    logger.debug(
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

  /** One stitching round; returns how many requests it handled. */
  async function stitchRound(lane: Lane = 'all'): Promise<number> {
    const claims = await claimStitches(knex, {
      owner: options.instanceId,
      limit: readsActive() ? roundLimitDuringReads : 1_000,
      leaseMs: options.leaseMs,
      debounceMs: options.stitchDebounceMs ?? 500,
      peerMaxWaitMs: options.stitchPeerMaxWaitMs ?? 10_000,
      urgentOnly: lane === 'urgent',
    });
    if (claims.length === 0) {
      await removeOrphansOnceSettled();
      return 0;
    }
    const startedAt = performance.now();
    let stitched;
    try {
      stitched = await stitchIsolatingRefusals(claims.map(claim => claim.entityRef));
      // After the commit, in a transaction of its own: the stitch transaction then never holds
      // queue rows that processing is renewing (it would wait for them, and they for it). Dying
      // in between only leaves the claims leased until they expire and are stitched again, which
      // changes nothing.
      await withRetryOnConflict(() => completeStitches(knex, claims, options.instanceId));
    } catch (error) {
      // Give the claims back at once: a request left leased would wait out the whole lease,
      // however urgent it is.
      await releaseStitches(knex, claims, options.instanceId).catch(() => undefined);
      throw error;
    }
    await options.afterCommit?.('stitch');
    await removeOrphansOnceSettled();
    logger.debug(
      { ...stitched, ms: Math.round(performance.now() - startedAt) },
      'stitched a batch',
    );
    return claims.length;
  }

  const stitchBatch = (refs: string[]) =>
    withRetryOnConflict(() =>
      knex.transaction(async trx => {
        await relaxDurability(trx);
        return stitchEntities(trx, refs, { orphanStrategy: options.orphanStrategy });
      }),
    );

  /**
   * Stitches; when the database refuses something, stitches each half on its own, down to the
   * one entity refused. That one keeps the version served before, and its problem is recorded
   * (ADR 0018).
   */
  async function stitchIsolatingRefusals(refs: string[]): Promise<StitchSummary> {
    try {
      return await stitchBatch(refs);
    } catch (error) {
      if (!isRefusalOfData(error)) throw error;
      if (refs.length > 1) {
        const middle = Math.ceil(refs.length / 2);
        const first = await stitchIsolatingRefusals(refs.slice(0, middle));
        const second = await stitchIsolatingRefusals(refs.slice(middle));
        return {
          written: first.written + second.written,
          removed: first.removed + second.removed,
          unchanged: first.unchanged + second.unchanged,
        };
      }
      const ref = refs[0]!;
      logger.warn(
        { entity: ref, code: (error as { code?: string }).code },
        'the database refused a stitched entity; the version served before is kept',
      );
      await recordProblem(knex, ref, refusedProblem(error));
      return { written: 0, removed: 0, unchanged: 1 };
    }
  }

  /** Nothing due, nothing leased, nothing waiting to be stitched or removed — on any replica. */
  async function isIdle(): Promise<boolean> {
    const busy = (await knex.raw(
      `select exists(select 1 from catalog_refresh_state where next_update_at <= now())
                or exists(select 1 from catalog_refresh_state where lease_owner is not null) as processing,
              exists(select 1 from catalog_stitch_queue)
                or exists(select 1 from catalog_orphan_removals) as stitching`,
    )) as { rows: Array<{ processing: boolean; stitching: boolean }> };
    const row = busy.rows[0];
    return !row?.processing && !row?.stitching;
  }

  /** When each routine worker's current round started, per side (absent: between rounds). */
  const roundsStartedAt = { process: new Map<number, number>(), stitch: new Map<number, number>() };
  const routineWorkers = { process: 1, stitch: options.stitchConcurrency ?? 1 };
  const urgentAfterMs = options.urgentAfterMs ?? 1_000;

  /** Waits `ms`, or less if the engine stops meanwhile. */
  const pause = (ms: number) =>
    new Promise<void>(resolve => {
      const signal = stopping.signal;
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });

  async function loop(
    which: 'process' | 'stitch',
    worker: number,
    round: () => Promise<number>,
  ): Promise<void> {
    while (running) {
      // One writer per side while reads are served: the others wait their turn.
      if (worker > 0 && readsActive()) {
        await sleep(which);
        continue;
      }
      let worked = 0;
      const startedAt = performance.now();
      roundsStartedAt[which].set(worker, startedAt);
      try {
        worked = await round();
      } catch (error) {
        logger.error({ err: error }, `the catalog ${which} round failed; retrying`);
      } finally {
        roundsStartedAt[which].delete(worker);
      }
      if (worked === 0 && running) await sleep(which);
      // Reads come first: as long a pause as the round took, so they get at least half.
      else if (running && readsActive()) await pause(performance.now() - startedAt);
    }
  }

  /**
   * Requested work (refresh, webhook) has a lane of its own on each side, used only while every
   * routine worker of that side has been in its round for `urgentAfterMs`: a routine round can
   * take long (a location that reads and parses ten thousand files), and a pushed change must
   * not wait for it. Otherwise the routine workers, which take requested work first anyway, do
   * it, and bulk work requested at once (registering a large repository) is not done by twice
   * as many writers as the cores can serve.
   */
  async function urgentLoop(
    which: 'process' | 'stitch',
    round: () => Promise<number>,
  ): Promise<void> {
    while (running) {
      const now = performance.now();
      const started = [...roundsStartedAt[which].values()];
      const youngest = started.length === routineWorkers[which] ? Math.max(...started) : now;
      const stuckIn = youngest + urgentAfterMs - now;
      let worked = 0;
      if (stuckIn <= 0) {
        try {
          worked = await round();
        } catch (error) {
          logger.error({ err: error }, `the catalog's urgent ${which} round failed; retrying`);
        }
      }
      if (worked === 0 && running) {
        await sleep(which, stuckIn > 0 ? Math.min(pollIntervalMs, stuckIn + 10) : pollIntervalMs);
      }
    }
  }

  return {
    async start() {
      if (running) return;
      running = true;
      stopping = new AbortController();
      unlisten.push(await database.listen('process', wake('process')));
      unlisten.push(await database.listen('stitch', wake('stitch')));
      // Entities that failed may succeed now (a plugin providing their kind was installed).
      await knex('catalog_refresh_state')
        .whereRaw(`errors <> '[]'::jsonb`)
        .where('next_update_at', '>', knex.fn.now())
        .update({ next_update_at: knex.fn.now() });
      loops.push(loop('process', 0, () => processRound('all')));
      for (let worker = 0; worker < routineWorkers.stitch; worker++) {
        loops.push(loop('stitch', worker, () => stitchRound('all')));
      }
      loops.push(urgentLoop('process', () => processRound('urgent')));
      loops.push(urgentLoop('stitch', () => stitchRound('urgent')));
    },
    async stop() {
      running = false;
      stopping.abort(new Error('The backend is shutting down'));
      wake('process')();
      wake('stitch')();
      await Promise.all(loops.splice(0));
      await Promise.all(unlisten.splice(0).map(stop => stop().catch(() => undefined)));
    },
    async runUntilIdle(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const processed = await processRound();
        const stitched = await stitchRound();
        // The background loops (or other replicas) may hold work this round did not see.
        if (processed === 0 && stitched === 0 && (await isIdle())) return;
        if (Date.now() > deadline) throw new Error('The catalog did not become idle in time');
        if (processed === 0 && stitched === 0)
          await new Promise(resolve => setTimeout(resolve, 20));
      }
    },
  };
}

/**
 * The catalog is derived data: a crash may lose the last moments of processing, consistently,
 * and the next read of the sources redoes it. So these transactions do not wait for the WAL to
 * reach the disk, which would otherwise be most of their commit time.
 */
async function relaxDurability(trx: Knex.Transaction): Promise<void> {
  await trx.raw('set local synchronous_commit = off');
}

/**
 * Runs a transaction again when PostgreSQL aborted it for a deadlock or a serialization
 * conflict with another replica; the second attempt usually finds the other one done.
 */
async function withRetryOnConflict<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
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

/** Lets callbacks that are waiting (requests, query results) run before going on. */
function yieldToEventLoop(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}

function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms).unref());
}

async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
