import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '@callboard/plugin-api/common';
import type {
  RenderJob,
  RenderJobResult,
  RenderRequest,
  RenderResponse,
  RenderWorkerData,
} from './renderJobs';
import { isPlainObject, toPlainJson } from './plainJson';
import { defaultTemplateLimits, type TemplateLimits } from './templateLimits';
import type { TemplateRenderer } from './TemplateRenderer';

export interface TemplateRendererOptions {
  /** Warm worker threads kept for rendering (renders beyond this wait their turn). */
  workers?: number;
  /** Hard deadline of one round trip (a step's values, or a skeleton's files). */
  timeoutMs?: number;
  /** Heap cap of each worker. */
  maxMemoryMb?: number;
  /** The sandbox's own bounds (ADR 0011) inside each worker. */
  limits?: Partial<TemplateLimits>;
  /** Called when a worker starts a job (tests observe a render in flight with it). */
  onJobStarted?: () => void;
}

export const defaultRendererOptions = Object.freeze({
  workers: 2,
  timeoutMs: 5_000,
  maxMemoryMb: 256,
});

/** A render was stopped from outside: it ran over the deadline or the heap cap. */
export class RenderLimitError extends InputError {
  override name = 'RenderLimitError';
}

/** The render was cancelled through its signal. */
export class RenderAbortedError extends Error {
  override name = 'RenderAbortedError';
}

export interface PooledTemplateRenderer extends TemplateRenderer {
  /** Terminates the workers; renders in flight or waiting fail. */
  close(): Promise<void>;
}

interface Job {
  id: number;
  job: RenderJob;
  signal: AbortSignal | undefined;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  /** Set when this side ended the worker, so its exit is not reported as a crash. */
  ending?: Error;
}

/**
 * Workers run the TypeScript sources through tsx, as the backend does (ADR 0001): an ES module
 * bootstrap registers tsx's ESM API in the worker and then loads the worker's source. (Node 20
 * ignores `--import` in a worker's `execArgv`.)
 */
function workerBootstrap(): URL {
  const require = createRequire(import.meta.url);
  const packageFile = require.resolve('tsx/package.json');
  const { exports } = require('tsx/package.json') as {
    exports: Record<string, { import: { default: string } }>;
  };
  const api = pathToFileURL(join(dirname(packageFile), exports['./esm/api']!.import.default));
  const worker = new URL('./renderWorker.ts', import.meta.url);
  const code = `import { register } from ${JSON.stringify(api.href)};\nregister();\nawait import(${JSON.stringify(worker.href)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** The context as the engine would see it anyway: plain JSON data, safe to send to a worker. */
function plainContext(context: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const plain = toPlainJson(context);
  return isPlainObject(plain) ? plain : {};
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * The scaffolder's renderer (ADR 0019): a pool of warm worker threads running the sandboxed
 * engine. Each call is one message to an idle worker; the worker's heap is capped
 * (`resourceLimits`), and a worker that passes the deadline or the cap is terminated and
 * replaced. The main thread never runs template code.
 */
export function createTemplateRenderer(
  options: TemplateRendererOptions = {},
): PooledTemplateRenderer {
  const size = options.workers ?? defaultRendererOptions.workers;
  const timeoutMs = options.timeoutMs ?? defaultRendererOptions.timeoutMs;
  const maxMemoryMb = options.maxMemoryMb ?? defaultRendererOptions.maxMemoryMb;
  // The deadline is kept here, from outside: inside, only the sandbox's counters apply.
  const limits: TemplateLimits = {
    ...defaultTemplateLimits,
    ...options.limits,
    maxRenderMs: Number.POSITIVE_INFINITY,
  };
  const exceeded = `template rendering exceeded ${formatMs(timeoutMs)} / ${maxMemoryMb} MB`;
  const bootstrap = workerBootstrap();
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot, outcome: { value: unknown } | { error: Error }) => {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    slot.worker.unref();
    if (!job) return;
    job.signal?.removeEventListener('abort', abortListeners.get(job.id)!);
    abortListeners.delete(job.id);
    if ('error' in outcome) job.reject(outcome.error);
    else job.resolve(outcome.value);
  };

  /** Ends a worker with `error` for its job; a fresh one takes its place on demand. */
  const end = (slot: Slot, error: Error) => {
    if (slot.ending) return;
    slot.ending = error;
    finish(slot, { error });
    slots.delete(slot);
    void slot.worker.terminate();
    // A worker that could not even start would fail the same way again: fail what waits.
    if (!slot.ready) {
      for (const job of queue.splice(0)) job.reject(error);
      return;
    }
    dispatch();
  };

  const spawn = (): Slot => {
    const worker = new Worker(bootstrap, {
      // Not the parent's flags: the bootstrap registers tsx itself.
      execArgv: [],
      workerData: { limits } satisfies RenderWorkerData,
      resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    const slot: Slot = { worker, ready: false };
    worker.on('message', (message: RenderResponse) => {
      if ('ready' in message) {
        slot.ready = true;
        dispatch();
        return;
      }
      if (slot.job?.id !== message.id) return;
      finish(
        slot,
        message.ok ? { value: message.result } : { error: new InputError(message.message) },
      );
      dispatch();
    });
    worker.on('error', error => {
      const code = (error as NodeJS.ErrnoException).code;
      end(
        slot,
        code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new RenderLimitError(exceeded)
          : new InputError(`Template rendering failed: ${error.message}`),
      );
    });
    worker.on('exit', () => {
      if (!slot.ending) end(slot, new InputError('Template rendering stopped unexpectedly'));
    });
    slots.add(slot);
    return slot;
  };

  const abortListeners = new Map<number, () => void>();

  const start = (slot: Slot, job: Job) => {
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => end(slot, new RenderLimitError(exceeded)), timeoutMs);
    try {
      slot.worker.postMessage({ id: job.id, job: job.job } satisfies RenderRequest);
    } catch (error) {
      finish(slot, {
        error: new InputError(`Template values cannot be rendered: ${(error as Error).message}`),
      });
      return;
    }
    options.onJobStarted?.();
  };

  const dispatch = () => {
    if (closed) return;
    while (queue.length > 0) {
      const idle = [...slots].find(slot => slot.ready && !slot.job && !slot.ending);
      if (idle) {
        start(idle, queue.shift()!);
        continue;
      }
      const starting = [...slots].filter(slot => !slot.ready && !slot.ending).length;
      if (slots.size < size && starting < queue.length) {
        spawn();
        continue;
      }
      return;
    }
  };

  const submit = <J extends RenderJob>(
    job: J,
    signal: AbortSignal | undefined,
  ): Promise<RenderJobResult<J>> => {
    if (closed) return Promise.reject(new InputError('Template rendering has stopped'));
    if (signal?.aborted) return Promise.reject(new RenderAbortedError('The render was cancelled'));
    return new Promise((resolve, reject) => {
      const entry: Job = {
        id: nextId++,
        job,
        signal,
        resolve: value => resolve(value as RenderJobResult<J>),
        reject,
      };
      if (signal) {
        const onAbort = () => {
          const index = queue.indexOf(entry);
          if (index !== -1) {
            queue.splice(index, 1);
            abortListeners.delete(entry.id);
            reject(new RenderAbortedError('The render was cancelled'));
            return;
          }
          const slot = [...slots].find(candidate => candidate.job === entry);
          if (slot) end(slot, new RenderAbortedError('The render was cancelled'));
        };
        abortListeners.set(entry.id, onAbort);
        signal.addEventListener('abort', onAbort, { once: true });
      }
      queue.push(entry);
      dispatch();
    });
  };

  return {
    renderValue(value, context, callOptions = {}) {
      return submit(
        {
          kind: 'value',
          value,
          context: plainContext(context),
          secretPaths: (callOptions.secretPaths ?? []).map(path => [...path]),
        },
        callOptions.signal,
      );
    },
    renderString(template, context, callOptions = {}) {
      const { signal, ...renderOptions } = callOptions;
      return submit(
        { kind: 'string', template, context: plainContext(context), options: renderOptions },
        signal,
      );
    },
    renderFiles(files, context, callOptions = {}) {
      const { signal, ...renderOptions } = callOptions;
      return submit(
        { kind: 'files', files, context: plainContext(context), options: renderOptions },
        signal,
      );
    },
    async close() {
      closed = true;
      const stopped = new InputError('Template rendering has stopped');
      for (const job of queue.splice(0)) job.reject(stopped);
      await Promise.all(
        [...slots].map(slot => {
          slot.ending = stopped;
          finish(slot, { error: stopped });
          slots.delete(slot);
          return slot.worker.terminate();
        }),
      );
    },
  };
}
