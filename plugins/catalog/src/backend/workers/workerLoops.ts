import type { Logger } from 'pino';

/**
 * The loops that run one side of the catalog's worker (processing or stitching) on a replica:
 * routine workers that take work by priority, and an urgent lane for requested work. Each sleeps
 * until a NOTIFY from any replica (or a poll) says there is work. Neither side's rounds are known
 * here: each side passes its own.
 */

/** Which work a round claims: everything by priority, or only requested work. */
export type Lane = 'all' | 'urgent';

/** While reads are served: at most this many entities per processing or stitching round. */
export const roundLimitDuringReads = 100;

/** One side of the worker: its rounds, and how many routine workers run them side by side. */
export interface WorkerSide {
  /** The NOTIFY channel that says there is work; also names the side in log messages. */
  name: 'process' | 'stitch';
  routineWorkers: number;
  /** Runs one round; returns how much work it claimed (0: nothing to do). */
  round(lane: Lane): Promise<number>;
}

export interface LoopSettings {
  /** Idle poll interval (NOTIFY wakes the loops earlier). */
  pollIntervalMs: number;
  /** Requested work gets a lane of its own once routine rounds have run this long. */
  urgentAfterMs: number;
  /** True while the API is serving reads: routine work then yields to them (ADR 0020). */
  readsActive: () => boolean;
  logger: Logger;
}

/** What one side's loops share while they run. */
export interface LoopState {
  running: boolean;
  /** Aborted by stop(): reads in flight end at once, and their entities go back to the queue. */
  stopping: AbortController;
  /** Loops asleep, waiting for work. */
  wakers: Set<() => void>;
  /** When each routine worker's current round started (absent: between rounds). */
  roundsStartedAt: Map<number, number>;
  loops: Array<Promise<void>>;
  unlisten: Array<() => Promise<void>>;
}

export function stoppedLoopState(): LoopState {
  return {
    running: false,
    stopping: new AbortController(),
    wakers: new Set(),
    roundsStartedAt: new Map(),
    loops: [],
    unlisten: [],
  };
}

/** How a side hears a NOTIFY (the plugin database's `listen`). */
export type Listen = (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;

/**
 * Starts a side's loops: listens to its channel, runs `prepare`, then the routine workers and
 * the urgent lane. Does nothing when they run already.
 */
export async function startLoops(
  state: LoopState,
  side: WorkerSide,
  settings: LoopSettings,
  listen: Listen,
  prepare: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  if (state.running) return;
  state.running = true;
  state.stopping = new AbortController();
  state.unlisten.push(await listen(side.name, () => wakeLoops(state)));
  await prepare();
  for (let worker = 0; worker < side.routineWorkers; worker++) {
    state.loops.push(routineLoop(state, side, settings, worker));
  }
  state.loops.push(urgentLoop(state, side, settings));
}

/** Stops a side's loops: cuts short what is in flight, and waits for every loop to end. */
export async function stopLoops(state: LoopState): Promise<void> {
  state.running = false;
  state.stopping.abort(new Error('The backend is shutting down'));
  wakeLoops(state);
  await Promise.all(state.loops.splice(0));
  await Promise.all(state.unlisten.splice(0).map(stop => stop().catch(() => undefined)));
}

export function wakeLoops(state: LoopState): void {
  for (const resolve of state.wakers) resolve();
  state.wakers.clear();
}

/** Sleeps until woken, or `ms` at most. */
function sleep(state: LoopState, ms: number): Promise<void> {
  return new Promise<void>(resolve => {
    const timer = setTimeout(() => {
      state.wakers.delete(done);
      resolve();
    }, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    state.wakers.add(done);
  });
}

/** Waits `ms`, or less if the side stops meanwhile. */
function pause(state: LoopState, ms: number): Promise<void> {
  return new Promise<void>(resolve => {
    const signal = state.stopping.signal;
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

async function routineLoop(
  state: LoopState,
  side: WorkerSide,
  settings: LoopSettings,
  worker: number,
): Promise<void> {
  while (state.running) {
    // One writer per side while reads are served: the others wait their turn.
    if (worker > 0 && settings.readsActive()) {
      await sleep(state, settings.pollIntervalMs);
      continue;
    }
    let worked = 0;
    const startedAt = performance.now();
    state.roundsStartedAt.set(worker, startedAt);
    try {
      worked = await side.round('all');
    } catch (error) {
      settings.logger.error({ err: error }, `the catalog ${side.name} round failed; retrying`);
    } finally {
      state.roundsStartedAt.delete(worker);
    }
    if (worked === 0 && state.running) await sleep(state, settings.pollIntervalMs);
    // Reads come first: as long a pause as the round took, so they get at least half.
    else if (state.running && settings.readsActive()) {
      await pause(state, performance.now() - startedAt);
    }
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
  state: LoopState,
  side: WorkerSide,
  settings: LoopSettings,
): Promise<void> {
  const { pollIntervalMs, urgentAfterMs } = settings;
  while (state.running) {
    const now = performance.now();
    const started = [...state.roundsStartedAt.values()];
    const youngest = started.length === side.routineWorkers ? Math.max(...started) : now;
    const stuckIn = youngest + urgentAfterMs - now;
    let worked = 0;
    if (stuckIn <= 0) {
      try {
        worked = await side.round('urgent');
      } catch (error) {
        settings.logger.error(
          { err: error },
          `the catalog's urgent ${side.name} round failed; retrying`,
        );
      }
    }
    if (worked === 0 && state.running) {
      await sleep(state, stuckIn > 0 ? Math.min(pollIntervalMs, stuckIn + 10) : pollIntervalMs);
    }
  }
}
