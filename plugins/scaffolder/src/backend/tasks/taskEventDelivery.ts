import type { Request, Response } from 'express';
import type { SerializedTaskEvent } from '../../common';
import type { TaskEventHub } from './taskEventHub';
import type { TaskStore } from './taskStore';

/**
 * How a task's events reach a client: a long poll (`GET …/events`) or server-sent events
 * (`GET …/eventstream`). Both read from the store and are woken by the hub (a NOTIFY from any
 * replica), so a client sees an event as soon as it is written, wherever the task runs.
 */

/** How long `GET …/events` waits for news before answering `[]` (Backstage: 30 s). */
const longPollMs = 30_000;
/** An idle event stream sends a comment this often, so proxies keep it open. */
const keepAliveMs = 15_000;
/** A stream also re-reads on this period, in case a NOTIFY was missed while reconnecting. */
const streamPollMs = 2_000;

export interface TaskEventSources {
  store: TaskStore;
  hub: TaskEventHub;
}

/** Resolves with the events after `after`, as soon as there are some, or `[]` after the long-poll time. */
export async function waitForTaskEvents(
  { store, hub }: TaskEventSources,
  taskId: string,
  after: number,
  req: Request,
): Promise<SerializedTaskEvent[]> {
  const found = await store.listEvents(taskId, after);
  if (found.length > 0) return found;
  return new Promise<SerializedTaskEvent[]>(resolve => {
    let done = false;
    const finish = (events: SerializedTaskEvent[]) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      resolve(events);
    };
    const timer = setTimeout(() => finish([]), longPollMs);
    const unsubscribe = hub.subscribe(taskId, () => {
      void store.listEvents(taskId, after).then(events => {
        if (events.length > 0) finish(events);
      });
    });
    req.on('close', () => finish([]));
  });
}

/**
 * Server-sent events: every event after `after` as `id`/`event`/`data`, then new ones as they
 * are written (woken by the hub, with a slow poll as a safety net). Ends after the completion.
 */
export function streamTaskEvents(
  { store, hub }: TaskEventSources,
  taskId: string,
  after: number,
  req: Request,
  res: Response,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  let lastId = after;
  let closed = false;
  let reading: Promise<void> | undefined;
  let again = false;

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(poll);
    clearInterval(keepAlive);
    unsubscribe();
    res.end();
  };
  const readNew = async (): Promise<void> => {
    const events = await store.listEvents(taskId, lastId);
    for (const event of events) {
      if (closed) return;
      lastId = event.id;
      res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      if (event.type === 'completion') {
        close();
        return;
      }
    }
    if (events.length === 0 && !closed) {
      // Asked for events after the completion (or the task is gone): nothing more will come.
      const state = await store.stateOf(taskId);
      if (!state || state.finished) {
        const settled = await store.listEvents(taskId, lastId);
        if (settled.length === 0) close();
        else wake();
      }
    }
  };
  const wake = () => {
    if (closed) return;
    if (reading) {
      again = true;
      return;
    }
    reading = readNew()
      .catch(() => close())
      .finally(() => {
        reading = undefined;
        if (again) {
          again = false;
          wake();
        }
      });
  };
  const unsubscribe = hub.subscribe(taskId, wake);
  const poll = setInterval(wake, streamPollMs);
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
  req.on('close', close);
  wake();
}
