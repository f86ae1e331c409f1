import { describe, expect, it } from 'vitest';
import type { SerializedTask, SerializedTaskEvent } from '../../common';
import { formatDuration } from '../lib/formatDuration';
import {
  initialTaskState,
  markRetrying,
  reduceTaskEvent,
  reduceTaskEvents,
  stepDurationMs,
} from './taskEvents';

const task: SerializedTask = {
  id: 't1',
  status: 'open',
  createdAt: '2025-01-01T10:00:00.000Z',
  spec: {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    steps: [
      { id: 'fetch', name: 'Fetch skeleton', action: 'fetch:template' },
      { id: 'publish', name: 'Publish', action: 'publish:git' },
      { id: 'register', name: 'Register', action: 'catalog:register' },
    ],
    output: {},
    parameters: {},
    user: {},
    templateInfo: { entityRef: 'template:default/service' },
  },
};

let nextId = 1;
function event(
  type: SerializedTaskEvent['type'],
  body: SerializedTaskEvent['body'],
  second: number,
  extra: Partial<SerializedTaskEvent> = {},
): SerializedTaskEvent {
  return {
    id: nextId++,
    taskId: 't1',
    type,
    body,
    createdAt: `2025-01-01T10:00:${String(second).padStart(2, '0')}.000Z`,
    ...extra,
  };
}

describe('reduceTaskEvents', () => {
  it('follows each step from waiting to running to done, with times, and keeps the log', () => {
    const events = [
      event('log', { message: 'Starting', stepId: 'fetch', status: 'processing' }, 1),
      event('log', { message: 'Fetched 12 files', stepId: 'fetch' }, 2),
      event('log', { message: 'Done', stepId: 'fetch', status: 'completed' }, 3),
      event('log', { message: 'Pushing', stepId: 'publish', status: 'processing' }, 4),
    ];
    const state = reduceTaskEvents(initialTaskState(task), events);
    expect(state.status).toBe('processing');
    expect(state.steps.map(step => step.status)).toEqual(['completed', 'processing', 'open']);
    expect(state.steps[0]).toMatchObject({
      startedAt: '2025-01-01T10:00:01.000Z',
      endedAt: '2025-01-01T10:00:03.000Z',
    });
    expect(state.log.map(line => line.message)).toEqual([
      'Starting',
      'Fetched 12 files',
      'Done',
      'Pushing',
    ]);
    expect(state.log[1]?.stepId).toBe('fetch');
    expect(state.lastEventId).toBe(events[3]?.id);
    expect(state.settled).toBe(false);
    expect(stepDurationMs(state.steps[0]!, 0)).toBe(2000);
    expect(stepDurationMs(state.steps[1]!, Date.parse('2025-01-01T10:00:09.000Z'))).toBe(5000);
    expect(stepDurationMs(state.steps[2]!, 0)).toBeUndefined();
  });

  it('applies each event once, so a reconnect that repeats events changes nothing', () => {
    const first = event('log', { message: 'a', stepId: 'fetch', status: 'processing' }, 1);
    const second = event('log', { message: 'b', stepId: 'fetch' }, 2);
    const once = reduceTaskEvents(initialTaskState(task), [first, second]);
    expect(reduceTaskEvents(once, [first, second])).toBe(once);
  });

  it('settles on completion with the rendered output', () => {
    const output = { links: [{ title: 'Repository', url: 'https://example.com/r' }] };
    const state = reduceTaskEvents(initialTaskState(task), [
      event('log', { message: 'go', stepId: 'fetch', status: 'processing' }, 1),
      event('log', { message: 'ok', stepId: 'fetch', status: 'completed' }, 2),
      event('completion', { message: 'Run completed', status: 'completed', output }, 3),
    ]);
    expect(state).toMatchObject({ status: 'completed', output, settled: true });
    expect(state.error).toBeUndefined();
  });

  it('marks the running step failed when the task fails, and keeps the error', () => {
    const state = reduceTaskEvents(initialTaskState(task), [
      event('log', { message: 'go', stepId: 'fetch', status: 'processing' }, 1),
      event(
        'completion',
        { message: 'Run failed', error: { name: 'InputError', message: 'No such file' } },
        4,
      ),
    ]);
    expect(state.status).toBe('failed');
    expect(state.error).toEqual({ name: 'InputError', message: 'No such file' });
    expect(state.steps[0]).toMatchObject({ status: 'failed', endedAt: '2025-01-01T10:00:04.000Z' });
    expect(state.steps[1]?.status).toBe('open');
    expect(state.settled).toBe(true);
  });

  it('keeps listening after a recoverable failure, and starts over when the task is recovered', () => {
    const failed = reduceTaskEvents(initialTaskState(task), [
      event('log', { message: 'go', stepId: 'fetch', status: 'processing' }, 1),
      event('completion', { message: 'Replica died', status: 'failed' }, 2, {
        isTaskRecoverable: true,
      }),
    ]);
    expect(failed.settled).toBe(false);
    const recovered = reduceTaskEvent(failed, event('recovered', { message: 'Recovered' }, 3));
    expect(recovered.status).toBe('processing');
    expect(recovered.steps.every(step => step.status === 'open')).toBe(true);
    expect(recovered.log.map(line => line.message)).toContain('Recovered');
  });

  it('marks running steps cancelled on a cancelled event', () => {
    const state = reduceTaskEvents(initialTaskState(task), [
      event('log', { message: 'go', stepId: 'publish', status: 'processing' }, 1),
      event('cancelled', { message: 'Cancelled by the user' }, 2),
    ]);
    expect(state.status).toBe('cancelled');
    expect(state.steps[1]?.status).toBe('cancelled');
  });

  it('runs again after a retry: the failed step goes back to running', () => {
    const failed = reduceTaskEvents(initialTaskState(task), [
      event('log', { message: 'go', stepId: 'fetch', status: 'processing' }, 1),
      event(
        'completion',
        { message: 'failed', status: 'failed', error: { name: 'E', message: 'x' } },
        2,
      ),
    ]);
    const retrying = markRetrying(failed);
    expect(retrying).toMatchObject({ status: 'open', settled: false, error: undefined });
    const running = reduceTaskEvent(
      retrying,
      event('log', { message: 'again', stepId: 'fetch', status: 'processing' }, 5),
    );
    expect(running.status).toBe('processing');
    expect(running.steps[0]).toMatchObject({ status: 'processing', endedAt: undefined });
  });

  it('adds a step it did not know from the spec instead of dropping its status', () => {
    const state = reduceTaskEvent(
      initialTaskState(task),
      event('log', { message: 'x', stepId: 'extra', status: 'skipped' }, 1),
    );
    expect(state.steps.at(-1)).toMatchObject({ id: 'extra', name: 'extra', status: 'skipped' });
  });
});

describe('formatDuration', () => {
  it('reads well at every scale', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4210)).toBe('4.2 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
});
