import type { Knex } from 'knex';
import type { PluginDatabase } from '@callboard/plugin-api/backend';
import {
  taskSpecSchema,
  type SerializedTask,
  type SerializedTaskEvent,
  type TaskEventType,
  type TaskSpec,
  type TaskStatus,
} from '../../common';

/** NOTIFY channels: a task is waiting to be claimed; a task has new events; a task was cancelled. */
export const taskChannels = { created: 'tasks', events: 'events', cancelled: 'cancel' } as const;

export type EventBody = SerializedTaskEvent['body'];

/** What every function of the task store works with; one per store. */
export interface TaskStoreDeps {
  database: PluginDatabase;
  knex: Knex;
  /**
   * Secrets of tasks created or retried on this replica, by task id: never written to the
   * database (ADR 0019). Only this replica claims such a task (`secrets_holder`).
   */
  heldSecrets: Map<string, Record<string, string>>;
  /** This replica: it holds the secrets of the tasks created or retried through it. */
  instanceId?: string;
}

export interface TaskRow {
  id: string;
  spec: TaskSpec | string;
  secrets_holder: string | null;
  status: TaskStatus;
  template_ref: string;
  created_by: string | null;
  created_at: Date | string;
  last_heartbeat_at: Date | string | null;
  lease_owner: string | null;
  lease_expires_at: Date | string | null;
  attempts: number;
}

export interface EventRow {
  id: string | number;
  task_id: string;
  event_type: TaskEventType;
  body: SerializedTaskEvent['body'] | string;
  created_at: Date | string;
}

export const json = <T>(value: T | string): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : value;
const iso = (value: Date | string): string => new Date(value).toISOString();

export function serializeTask(row: TaskRow): SerializedTask {
  return {
    id: row.id,
    spec: taskSpecSchema.parse(json(row.spec)),
    status: row.status,
    createdAt: iso(row.created_at),
    ...(row.last_heartbeat_at ? { lastHeartbeatAt: iso(row.last_heartbeat_at) } : {}),
    ...(row.created_by ? { createdBy: row.created_by } : {}),
  };
}

export function serializeEvent(row: EventRow): SerializedTaskEvent {
  return {
    id: Number(row.id),
    taskId: row.task_id,
    type: row.event_type,
    body: json(row.body),
    createdAt: iso(row.created_at),
  };
}

/** Ids are UUIDs: anything else matches no task (instead of a 500 from a uuid cast). */
export function uuidOrNil(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
    ? id
    : '00000000-0000-0000-0000-000000000000';
}

/** The replica that holds a task's secrets: this one when there are any, else none. */
export function holderFor(
  deps: TaskStoreDeps,
  secrets: Record<string, string> | undefined,
): string | null {
  if (!secrets || Object.keys(secrets).length === 0) return null;
  if (!deps.instanceId) throw new Error('A task store without an instance id cannot hold secrets');
  return deps.instanceId;
}

export async function insertEvent(
  trx: Knex | Knex.Transaction,
  taskId: string,
  type: TaskEventType,
  body: EventBody,
): Promise<void> {
  await trx('scaffolder_task_events').insert({
    task_id: taskId,
    event_type: type,
    body: JSON.stringify(body),
  });
}

/** Writes an event and wakes every replica streaming this task. */
export async function emitEvent(
  deps: TaskStoreDeps,
  taskId: string,
  type: TaskEventType,
  body: EventBody,
): Promise<void> {
  await deps.knex.transaction(async trx => {
    await insertEvent(trx, taskId, type, body);
    await deps.database.notify(taskChannels.events, taskId, trx);
  });
}
