import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '@callboard/plugin-api/common';
import { countLeasesByOwner, type PluginDatabase } from '@callboard/plugin-api/backend';
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

interface TaskRow {
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

interface EventRow {
  id: string | number;
  task_id: string;
  event_type: TaskEventType;
  body: SerializedTaskEvent['body'] | string;
  created_at: Date | string;
}

/** A task a replica holds the lease on. */
export interface ClaimedTask {
  id: string;
  spec: TaskSpec;
  secrets: Record<string, string>;
  createdBy?: string;
  attempts: number;
}

export type EventBody = SerializedTaskEvent['body'];

export interface ListTasksRequest {
  createdBy?: string[];
  status?: TaskStatus[];
  limit: number;
  offset: number;
  order: Array<{ field: 'created_at' | 'status' | 'created_by'; direction: 'asc' | 'desc' }>;
}

const json = <T>(value: T | string): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : value;
const iso = (value: Date | string): string => new Date(value).toISOString();

function serializeTask(row: TaskRow): SerializedTask {
  return {
    id: row.id,
    spec: taskSpecSchema.parse(json(row.spec)),
    status: row.status,
    createdAt: iso(row.created_at),
    ...(row.last_heartbeat_at ? { lastHeartbeatAt: iso(row.last_heartbeat_at) } : {}),
    ...(row.created_by ? { createdBy: row.created_by } : {}),
  };
}

function serializeEvent(row: EventRow): SerializedTaskEvent {
  return {
    id: Number(row.id),
    taskId: row.task_id,
    type: row.event_type,
    body: json(row.body),
    createdAt: iso(row.created_at),
  };
}

/**
 * Tasks and events in the database. Every state change is one statement guarded by the current
 * status (and lease owner), so replicas racing on the same task cannot both win: a claim takes
 * an open task with `FOR UPDATE SKIP LOCKED`, a heartbeat or completion only counts while the
 * caller still holds the lease, and a cancel only moves a task that has not ended.
 */
export function createTaskStore(options: {
  database: PluginDatabase;
  /** This replica: it holds the secrets of the tasks created or retried through it. */
  instanceId?: string;
}) {
  const { database } = options;
  const knex = database.knex;
  /**
   * Secrets of tasks created or retried on this replica, by task id: never written to the
   * database (ADR 0019). Only this replica claims such a task (`secrets_holder`).
   */
  const heldSecrets = new Map<string, Record<string, string>>();
  const holderFor = (secrets: Record<string, string> | undefined): string | null => {
    if (!secrets || Object.keys(secrets).length === 0) return null;
    if (!options.instanceId)
      throw new Error('A task store without an instance id cannot hold secrets');
    return options.instanceId;
  };

  const insertEvent = async (
    trx: Knex | Knex.Transaction,
    taskId: string,
    type: TaskEventType,
    body: EventBody,
  ) => {
    await trx('scaffolder_task_events').insert({
      task_id: taskId,
      event_type: type,
      body: JSON.stringify(body),
    });
  };

  /** Writes an event and wakes every replica streaming this task. */
  const emit = async (taskId: string, type: TaskEventType, body: EventBody) => {
    await knex.transaction(async trx => {
      await insertEvent(trx, taskId, type, body);
      await database.notify(taskChannels.events, taskId, trx);
    });
  };

  const store = {
    async createTask(request: {
      spec: TaskSpec;
      secrets?: Record<string, string>;
      createdBy?: string;
    }): Promise<{ id: string }> {
      const id = randomUUID();
      const holder = holderFor(request.secrets);
      if (holder) heldSecrets.set(id, { ...request.secrets });
      await knex.transaction(async trx => {
        await trx('scaffolder_tasks').insert({
          id,
          spec: JSON.stringify(request.spec),
          secrets_holder: holder,
          status: 'open',
          template_ref: request.spec.templateInfo.entityRef,
          created_by: request.createdBy ?? null,
        });
        await database.notify(taskChannels.created, id, trx);
      });
      return { id };
    },

    async getTask(id: string): Promise<SerializedTask> {
      const row = (await knex('scaffolder_tasks')
        .where({ id: uuidOrNil(id) })
        .first()) as TaskRow | undefined;
      if (!row) throw new NotFoundError(`No task with id ${id}`);
      return serializeTask(row);
    },

    async listTasks(
      request: ListTasksRequest,
    ): Promise<{ tasks: SerializedTask[]; totalTasks: number }> {
      const filtered = () => {
        const query = knex('scaffolder_tasks');
        if (request.createdBy?.length) query.whereIn('created_by', request.createdBy);
        if (request.status?.length) query.whereIn('status', request.status);
        return query;
      };
      const page = filtered().select('*');
      for (const { field, direction } of request.order) page.orderBy(field, direction);
      page.orderBy('id', 'asc').limit(request.limit).offset(request.offset);
      const [rows, [count]] = await Promise.all([
        page as Promise<TaskRow[]>,
        filtered().count<Array<{ count: string | number }>>({ count: '*' }),
      ]);
      return { tasks: rows.map(serializeTask), totalTasks: Number(count?.count ?? 0) };
    },

    /**
     * Takes the oldest open task, if any, and holds it for `leaseMs`. A task whose secrets another
     * replica holds is left to that replica.
     */
    async claimTask(owner: string, leaseMs: number): Promise<ClaimedTask | undefined> {
      const result = await knex.raw(
        `update scaffolder_tasks set status = 'processing', lease_owner = ?,
           lease_expires_at = now() + (? * interval '1 millisecond'), last_heartbeat_at = now(),
           attempts = attempts + 1
         where id = (select id from scaffolder_tasks where status = 'open'
                       and (secrets_holder is null or secrets_holder = ?)
                     order by created_at, id limit 1 for update skip locked)
         returning *`,
        [owner, leaseMs, owner],
      );
      const row = (result.rows as TaskRow[])[0];
      if (!row) return undefined;
      return {
        id: row.id,
        spec: taskSpecSchema.parse(json(row.spec)),
        secrets: heldSecrets.get(row.id) ?? {},
        ...(row.created_by ? { createdBy: row.created_by } : {}),
        attempts: row.attempts,
      };
    },

    /** Renews the lease. False when the task is no longer this replica's (cancelled, taken over). */
    async heartbeat(id: string, owner: string, leaseMs: number): Promise<boolean> {
      const updated = await knex('scaffolder_tasks')
        .where({ id, lease_owner: owner, status: 'processing' })
        .update({
          last_heartbeat_at: knex.fn.now(),
          lease_expires_at: knex.raw(`now() + (? * interval '1 millisecond')`, [leaseMs]),
        });
      return updated > 0;
    },

    /**
     * Ends a task this replica holds: status, the final `completion` event, secrets cleared.
     * A task cancelled meanwhile stays cancelled (its completion still says how it ended).
     */
    async completeTask(
      id: string,
      owner: string,
      status: 'completed' | 'failed' | 'cancelled',
      body: EventBody,
    ): Promise<void> {
      await knex.transaction(async trx => {
        const updated = await trx('scaffolder_tasks')
          .where({ id, lease_owner: owner })
          .whereIn('status', ['processing', 'cancelled'])
          .update({
            status: trx.raw(`case when status = 'cancelled' then status else ? end`, [status]),
            secrets_holder: null,
            finished_at: trx.fn.now(),
            lease_owner: null,
            lease_expires_at: null,
          });
        heldSecrets.delete(id);
        // Another replica took the task over (this one stalled past its lease): its word stands.
        if (updated === 0) return;
        await insertEvent(trx, id, 'completion', body);
        await database.notify(taskChannels.events, id, trx);
      });
    },

    /**
     * Tasks whose lease ran out, or whose replica is known to be gone (`owners`, from the
     * backend's heartbeats): their replica died or hung. Each is restarted (template asked for
     * `startOver`) or failed, with an event saying why. Returns the ids handled.
     */
    async recoverExpiredTasks(
      owners: readonly string[] = [],
    ): Promise<{ restarted: string[]; failed: string[] }> {
      return knex.transaction(async trx => {
        const rows = (await trx('scaffolder_tasks')
          .whereIn('status', ['processing', 'cancelled'])
          .whereNull('finished_at')
          .andWhereRaw('(lease_expires_at < now() or lease_owner = any(?))', [[...owners]])
          .forUpdate()
          .skipLocked()
          .limit(100)
          .select('id', 'spec', 'status')) as Array<Pick<TaskRow, 'id' | 'spec' | 'status'>>;
        const restarted: string[] = [];
        const failed: string[] = [];
        for (const row of rows) {
          const spec = taskSpecSchema.parse(json(row.spec));
          if (row.status === 'cancelled') {
            // Cancelled while running, and its replica died before it could say so.
            await trx('scaffolder_tasks').where({ id: row.id }).update({
              secrets_holder: null,
              finished_at: trx.fn.now(),
              lease_owner: null,
              lease_expires_at: null,
            });
            await insertEvent(trx, row.id, 'completion', {
              message: 'The task was cancelled',
              status: 'cancelled',
            });
            failed.push(row.id);
          } else if (spec.EXPERIMENTAL_recovery?.EXPERIMENTAL_strategy === 'startOver') {
            await trx('scaffolder_tasks')
              .where({ id: row.id })
              // Its secrets, if any, were in the memory of the replica that stopped.
              .update({
                status: 'open',
                lease_owner: null,
                lease_expires_at: null,
                secrets_holder: null,
              });
            await insertEvent(trx, row.id, 'recovered', {
              message:
                'The replica running this task stopped; the task starts over (EXPERIMENTAL_recovery: startOver)',
            });
            restarted.push(row.id);
          } else {
            await trx('scaffolder_tasks').where({ id: row.id }).update({
              status: 'failed',
              secrets_holder: null,
              finished_at: trx.fn.now(),
              lease_owner: null,
              lease_expires_at: null,
            });
            const message =
              'The backend running this task stopped before it finished; the task failed. Retry it to run it again.';
            await insertEvent(trx, row.id, 'completion', {
              message,
              status: 'failed',
              error: { name: 'TaskInterruptedError', message },
            });
            failed.push(row.id);
          }
          await database.notify(taskChannels.events, row.id, trx);
        }
        // Open tasks whose secrets were in the memory of a replica that is gone cannot run.
        const orphans =
          owners.length === 0
            ? []
            : ((await trx('scaffolder_tasks')
                .where({ status: 'open' })
                .whereIn('secrets_holder', [...owners])
                .forUpdate()
                .skipLocked()
                .limit(100)
                .pluck('id')) as string[]);
        for (const id of orphans) {
          await trx('scaffolder_tasks').where({ id }).update({
            status: 'failed',
            secrets_holder: null,
            finished_at: trx.fn.now(),
          });
          const message =
            'The backend holding this task’s secrets stopped before the task started; the task failed. Retry it with its secrets to run it.';
          await insertEvent(trx, id, 'completion', {
            message,
            status: 'failed',
            error: { name: 'TaskInterruptedError', message },
          });
          await database.notify(taskChannels.events, id, trx);
          failed.push(id);
        }
        for (const id of [...restarted, ...failed]) heldSecrets.delete(id);
        if (restarted.length > 0) await database.notify(taskChannels.created, '', trx);
        return { restarted, failed };
      });
    },

    /**
     * Running tasks by the replica holding them, and open tasks by the replica holding their
     * secrets (the backend reports them per replica, and releases those of a replica that is gone).
     */
    async leasesByOwner(): Promise<ReadonlyMap<string, number>> {
      const counts = new Map(
        await countLeasesByOwner(knex('scaffolder_tasks').whereNull('finished_at')),
      );
      const held = (await knex('scaffolder_tasks')
        .where({ status: 'open' })
        .whereNotNull('secrets_holder')
        .groupBy('secrets_holder')
        .select('secrets_holder')
        .count({ count: '*' })) as Array<{ secrets_holder: string; count: string | number }>;
      for (const row of held) {
        counts.set(row.secrets_holder, (counts.get(row.secrets_holder) ?? 0) + Number(row.count));
      }
      return counts;
    },

    /**
     * Ends or restarts every task held by replicas that are gone, as `recoverExpiredTasks` does
     * for expired leases, without waiting for the leases to run out. Returns how many it handled.
     */
    async releaseOwnedBy(owners: readonly string[]): Promise<number> {
      let handled = 0;
      for (;;) {
        const { restarted, failed } = await store.recoverExpiredTasks(owners);
        if (restarted.length + failed.length === 0) return handled;
        handled += restarted.length + failed.length;
      }
    },

    /** Cancels a task that has not ended. An open task ends at once; a running one is aborted by its replica. */
    async cancelTask(id: string): Promise<TaskStatus> {
      return knex.transaction(async trx => {
        const row = (await trx('scaffolder_tasks')
          .where({ id: uuidOrNil(id) })
          .forUpdate()
          .first('status')) as Pick<TaskRow, 'status'> | undefined;
        if (!row) throw new NotFoundError(`No task with id ${id}`);
        if (row.status !== 'open' && row.status !== 'processing') return row.status;
        await trx('scaffolder_tasks')
          .where({ id })
          .update({
            status: 'cancelled',
            ...(row.status === 'open' ? { secrets_holder: null, finished_at: trx.fn.now() } : {}),
          });
        await insertEvent(trx, id, 'cancelled', {
          message: 'The task was cancelled',
          status: 'cancelled',
        });
        if (row.status === 'open') {
          heldSecrets.delete(id);
          await insertEvent(trx, id, 'completion', {
            message: 'The task was cancelled before it started',
            status: 'cancelled',
          });
        }
        await database.notify(taskChannels.events, id, trx);
        await database.notify(taskChannels.cancelled, id, trx);
        return 'cancelled';
      });
    },

    /**
     * Runs a failed or cancelled task again from its first step, with new secrets if given (held
     * by this replica, which then runs it).
     */
    async retryTask(id: string, secrets?: Record<string, string>): Promise<void> {
      const holder = holderFor(secrets);
      await knex.transaction(async trx => {
        const row = (await trx('scaffolder_tasks')
          .where({ id: uuidOrNil(id) })
          .forUpdate()
          .first('status')) as Pick<TaskRow, 'status'> | undefined;
        if (!row) throw new NotFoundError(`No task with id ${id}`);
        if (row.status !== 'failed' && row.status !== 'cancelled') {
          throw new ConflictError(
            `Only a failed or cancelled task can be retried; this one is ${row.status}`,
          );
        }
        await trx('scaffolder_tasks')
          .where({ id })
          .update({ status: 'open', finished_at: null, secrets_holder: holder });
        if (holder) heldSecrets.set(id, { ...secrets });
        else heldSecrets.delete(id);
        await insertEvent(trx, id, 'recovered', { message: 'Retrying the task from the start' });
        await database.notify(taskChannels.events, id, trx);
        await database.notify(taskChannels.created, id, trx);
      });
    },

    /** Events after `after`, oldest first (at most `limit`). */
    async listEvents(id: string, after = 0, limit = 1000): Promise<SerializedTaskEvent[]> {
      const rows = (await knex('scaffolder_task_events')
        .where('task_id', uuidOrNil(id))
        .andWhere('id', '>', after)
        .orderBy('id', 'asc')
        .limit(limit)) as EventRow[];
      return rows.map(serializeEvent);
    },

    /** Status, or undefined when there is no such task. */
    async statusOf(id: string): Promise<TaskStatus | undefined> {
      return (await this.stateOf(id))?.status;
    },

    /** Status and whether the task has ended for good (its completion event is written). */
    async stateOf(id: string): Promise<{ status: TaskStatus; finished: boolean } | undefined> {
      const row = (await knex('scaffolder_tasks')
        .where({ id: uuidOrNil(id) })
        .first('status', 'finished_at')) as
        { status: TaskStatus; finished_at: Date | string | null } | undefined;
      return row && { status: row.status, finished: row.finished_at !== null };
    },

    /** Drops the secrets this replica holds for a task that will not run (cancelled elsewhere). */
    forgetSecrets(id: string): void {
      heldSecrets.delete(id);
    },

    emit,
  };
  return store;
}

export type TaskStore = ReturnType<typeof createTaskStore>;

/** Ids are UUIDs: anything else matches no task (instead of a 500 from a uuid cast). */
function uuidOrNil(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
    ? id
    : '00000000-0000-0000-0000-000000000000';
}
