import type { EdgeRoute, LayoutRequest, LayoutResponse, Point } from './layoutProtocol';

export type LayoutInput = Omit<LayoutRequest, 'id'>;
export interface LayoutResult {
  positions: Record<string, Point>;
  routes: Record<string, EdgeRoute> | undefined;
}

let worker: Worker | undefined;
let nextId = 1;
let pending: { id: number; reject: (error: Error) => void } | undefined;

/**
 * Lays a graph out in the ELK worker. One layout at a time: a new request terminates a running
 * one (its answer would be for a graph nobody looks at any more) and rejects it with an
 * AbortError. The worker stays alive between layouts so ELK's 1.6 MB loads once.
 */
export function runLayout(input: LayoutInput, signal?: AbortSignal): Promise<LayoutResult> {
  if (pending) {
    pending.reject(abortError());
    pending = undefined;
    worker?.terminate();
    worker = undefined;
  }
  const current = (worker ??= new Worker(new URL('./elkLayout.worker.ts', import.meta.url), {
    type: 'module',
    name: 'graph-layout',
  }));
  const id = nextId++;
  return new Promise<LayoutResult>((resolve, reject) => {
    const finish = () => {
      current.removeEventListener('message', onMessage);
      current.removeEventListener('error', onError);
      signal?.removeEventListener('abort', onAbort);
      if (pending?.id === id) pending = undefined;
    };
    const onMessage = (event: MessageEvent<LayoutResponse>) => {
      if (event.data.id !== id) return;
      finish();
      if (event.data.ok) resolve({ positions: event.data.positions, routes: event.data.routes });
      else reject(new Error(event.data.message));
    };
    const onError = (event: ErrorEvent) => {
      finish();
      // A worker that failed to load is useless for the next request too.
      current.terminate();
      if (worker === current) worker = undefined;
      reject(new Error(event.message || 'The layout worker failed to start'));
    };
    const onAbort = () => {
      finish();
      current.terminate();
      if (worker === current) worker = undefined;
      reject(abortError());
    };
    pending = { id, reject: error => (finish(), reject(error)) };
    current.addEventListener('message', onMessage);
    current.addEventListener('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    current.postMessage({ ...input, id } satisfies LayoutRequest);
  });
}

function abortError(): Error {
  return new DOMException('The layout was superseded', 'AbortError');
}
