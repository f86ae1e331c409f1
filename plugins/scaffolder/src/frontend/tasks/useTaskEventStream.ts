import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import {
  serializedTaskEventSchema,
  taskEventTypeSchema,
  type SerializedTask,
  type SerializedTaskEvent,
} from '../../common';
import { taskEventStreamUrl } from '../api/scaffolderApi';
import { scaffolderKeys } from '../api/queries';
import { initialTaskState, markRetrying, reduceTaskEvents, type TaskState } from './taskEvents';

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'open' }
  /** The stream dropped; the next attempt starts `delayMs` after it did. */
  | { kind: 'reconnecting'; attempt: number; delayMs: number }
  | { kind: 'closed' };

/** Events arriving within this window render together: a chatty step must not re-render per line. */
const flushDelayMs = 50;
const maxBackoffMs = 15_000;

type Action = { type: 'events'; events: SerializedTaskEvent[] } | { type: 'retrying' };

function reducer(state: TaskState, action: Action): TaskState {
  switch (action.type) {
    case 'events':
      return reduceTaskEvents(state, action.events);
    case 'retrying':
      return markRetrying(state);
  }
}

/**
 * A task's live state: its events from `…/eventstream` (server-sent events), applied as they
 * arrive. When the connection drops before the task is over, it reconnects with backoff and asks
 * only for the events after the last one it applied (`after=`). It stops once the task is over.
 */
export function useTaskEventStream(task: SerializedTask) {
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer(reducer, task, initialTaskState);
  const [connection, setConnection] = useState<ConnectionState>({ kind: 'connecting' });
  // Bumped to (re)subscribe: after a retry, or when the reader asks to reconnect now.
  const [generation, setGeneration] = useState(0);
  const lastEventId = useRef<number | undefined>(undefined);
  const attempts = useRef(0);
  const taskId = task.id;
  const settled = state.settled;

  useEffect(() => {
    if (settled) return;
    let source: EventSource | undefined;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let buffer: SerializedTaskEvent[] = [];
    // Set by the event that ends the stream, so the close that follows is not taken for a drop.
    let over = false;
    let stopped = false;

    const flush = () => {
      flushTimer = undefined;
      if (buffer.length === 0) return;
      const events = buffer;
      buffer = [];
      dispatch({ type: 'events', events });
    };

    const receive = (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = serializedTaskEventSchema.safeParse(data);
      if (!parsed.success) return;
      const event = parsed.data;
      if (lastEventId.current === undefined || event.id > lastEventId.current) {
        lastEventId.current = event.id;
      }
      if (event.type === 'completion') {
        over = event.isTaskRecoverable !== true;
      } else if (event.type === 'cancelled') {
        over = true;
      } else if (event.type === 'recovered') {
        over = false;
      }
      buffer.push(event);
      flushTimer ??= setTimeout(flush, flushDelayMs);
    };

    const connect = () => {
      if (stopped) return;
      setConnection({ kind: 'connecting' });
      source = new EventSource(taskEventStreamUrl(taskId, lastEventId.current));
      source.onopen = () => {
        attempts.current = 0;
        setConnection({ kind: 'open' });
      };
      for (const type of taskEventTypeSchema.options) {
        source.addEventListener(type, receive);
      }
      source.onmessage = receive;
      source.onerror = () => {
        // EventSource would reconnect by itself, to the old URL: take over, with `after=`.
        source?.close();
        if (stopped) return;
        flush();
        if (over) {
          setConnection({ kind: 'closed' });
          void queryClient.invalidateQueries({ queryKey: scaffolderKeys.tasks() });
          return;
        }
        attempts.current += 1;
        const delay = Math.min(1000 * 2 ** (attempts.current - 1), maxBackoffMs);
        setConnection({ kind: 'reconnecting', attempt: attempts.current, delayMs: delay });
        // The task may have ended, or gone, while we were away: the page asks again.
        if (attempts.current > 1) {
          void queryClient.invalidateQueries({ queryKey: scaffolderKeys.task(taskId) });
        }
        reconnectTimer = setTimeout(connect, delay);
      };
    };

    connect();
    return () => {
      stopped = true;
      source?.close();
      if (reconnectTimer) clearTimeout(reconnectTimer);
      if (flushTimer) clearTimeout(flushTimer);
      flush();
    };
  }, [taskId, settled, generation, queryClient]);

  useEffect(() => {
    if (settled) void queryClient.invalidateQueries({ queryKey: scaffolderKeys.tasks() });
  }, [settled, queryClient]);

  /** A retry was accepted: expect the task to run again. */
  const retrying = useCallback(() => {
    dispatch({ type: 'retrying' });
    setGeneration(value => value + 1);
  }, []);

  /** Reconnect now instead of waiting for the backoff. */
  const reconnectNow = useCallback(() => {
    attempts.current = 0;
    setGeneration(value => value + 1);
  }, []);

  return {
    state,
    connection: settled ? ({ kind: 'closed' } as const) : connection,
    retrying,
    reconnectNow,
  };
}
