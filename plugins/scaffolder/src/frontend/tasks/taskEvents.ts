import {
  finalTaskStatuses,
  type SerializedTask,
  type SerializedTaskEvent,
  type StepStatus,
  type TaskStatus,
} from '../../common';

/**
 * A task as the task page shows it, built from the task (its steps) and then from its events, one
 * at a time, as they stream in. Pure, so that replaying the same events always gives the same
 * page, whether they arrive live, after a reconnect, or all at once for a finished task.
 */
export interface StepState {
  id: string;
  name: string;
  action?: string;
  status: StepStatus;
  /** When the step started (its `processing` event). */
  startedAt?: string;
  /** When it reached a final status. */
  endedAt?: string;
}

export interface LogLine {
  /** The event's id; lines split from one event share it. */
  eventId: number;
  stepId?: string;
  message: string;
  createdAt: string;
}

export interface TaskState {
  status: TaskStatus;
  steps: StepState[];
  log: LogLine[];
  /** The last event applied: a reconnect asks for the events after it. */
  lastEventId?: number;
  /** The rendered `spec.output`, from the final `completion` event. */
  output?: Record<string, unknown>;
  error?: { name: string; message: string };
  /** True once an event said the task is over for good: no more events will come. */
  settled: boolean;
}

const finalStepStatuses: readonly StepStatus[] = ['completed', 'failed', 'skipped', 'cancelled'];

export function initialTaskState(task: SerializedTask): TaskState {
  return {
    status: task.status,
    steps: task.spec.steps.map(step => ({
      id: step.id,
      name: step.name,
      action: step.action,
      status: 'open',
    })),
    log: [],
    settled: false,
  };
}

export function reduceTaskEvents(
  state: TaskState,
  events: readonly SerializedTaskEvent[],
): TaskState {
  return events.reduce(reduceTaskEvent, state);
}

export function reduceTaskEvent(state: TaskState, event: SerializedTaskEvent): TaskState {
  // A reconnect may deliver an event again; each applies once.
  if (state.lastEventId !== undefined && event.id <= state.lastEventId) return state;
  const next: TaskState = { ...state, lastEventId: event.id };
  switch (event.type) {
    case 'log':
      return applyLog(next, event);
    case 'completion':
      return applyCompletion(next, event);
    case 'cancelled':
      return {
        ...withLine(next, event),
        status: 'cancelled',
        steps: endRunningSteps(next.steps, 'cancelled', event.createdAt),
      };
    case 'recovered':
      // The task's replica died and another took it over: it starts over from the first step.
      return {
        ...withLine(next, event),
        status: 'processing',
        settled: false,
        output: undefined,
        error: undefined,
        steps: next.steps.map(step => ({
          id: step.id,
          name: step.name,
          action: step.action,
          status: 'open',
        })),
      };
    default:
      return next;
  }
}

function applyLog(state: TaskState, event: SerializedTaskEvent): TaskState {
  const { stepId, status } = event.body;
  let next = withLine(state, event);
  if (!stepId || !status || !isStepStatus(status)) return next;
  const steps = next.steps.some(step => step.id === stepId)
    ? next.steps
    : [...next.steps, { id: stepId, name: stepId, status: 'open' as const }];
  next = {
    ...next,
    steps: steps.map(step => {
      if (step.id !== stepId) return step;
      if (status === 'processing') {
        return { ...step, status, startedAt: event.createdAt, endedAt: undefined };
      }
      if (finalStepStatuses.includes(status)) {
        return { ...step, status, endedAt: event.createdAt };
      }
      return { ...step, status };
    }),
  };
  if (status === 'processing' && next.status !== 'processing') {
    // A step running means the task is (again, after a retry) running.
    next = { ...next, status: 'processing', settled: false, error: undefined, output: undefined };
  }
  return next;
}

function applyCompletion(state: TaskState, event: SerializedTaskEvent): TaskState {
  const { body } = event;
  const status: TaskStatus =
    body.status && (finalTaskStatuses as readonly string[]).includes(body.status)
      ? (body.status as TaskStatus)
      : body.error
        ? 'failed'
        : 'completed';
  const next = withLine(state, event);
  return {
    ...next,
    status,
    output: body.output,
    error: body.error,
    // A recoverable failure is picked up again by another replica: keep listening.
    settled: event.isTaskRecoverable !== true,
    steps:
      status === 'completed'
        ? next.steps
        : endRunningSteps(
            next.steps,
            status === 'cancelled' ? 'cancelled' : 'failed',
            event.createdAt,
          ),
  };
}

/** A retry was accepted: the task runs again, and its events will say how far it gets. */
export function markRetrying(state: TaskState): TaskState {
  return { ...state, status: 'open', settled: false, error: undefined, output: undefined };
}

function endRunningSteps(steps: StepState[], status: StepStatus, at: string): StepState[] {
  return steps.map(step =>
    step.status === 'processing' ? { ...step, status, endedAt: at } : step,
  );
}

function withLine(state: TaskState, event: SerializedTaskEvent): TaskState {
  const message = event.body.message;
  if (!message) return state;
  return {
    ...state,
    log: [
      ...state.log,
      { eventId: event.id, stepId: event.body.stepId, message, createdAt: event.createdAt },
    ],
  };
}

function isStepStatus(status: string): status is StepStatus {
  return ['open', 'processing', 'completed', 'failed', 'skipped', 'cancelled'].includes(status);
}

/** How long a step took, or has been running; undefined before it starts. */
export function stepDurationMs(step: StepState, now: number): number | undefined {
  if (!step.startedAt) return undefined;
  const start = Date.parse(step.startedAt);
  const end = step.endedAt ? Date.parse(step.endedAt) : step.status === 'processing' ? now : NaN;
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return Math.max(0, end - start);
}

export function isTaskActive(status: TaskStatus): boolean {
  return status === 'open' || status === 'processing';
}
