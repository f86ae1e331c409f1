import { NotFoundError } from '@callboard/plugin-api/common';
import { countLeasesByOwner } from '@callboard/plugin-api/backend';
import type { SerializedTask, SerializedTaskEvent, TaskStatus } from '../../common';
import {
  serializeEvent,
  serializeTask,
  uuidOrNil,
  type EventRow,
  type TaskRow,
  type TaskStoreDeps,
} from './taskRows';

export interface ListTasksRequest {
  createdBy?: string[];
  status?: TaskStatus[];
  limit: number;
  offset: number;
  order: Array<{ field: 'created_at' | 'status' | 'created_by'; direction: 'asc' | 'desc' }>;
}

export async function getTask(deps: TaskStoreDeps, id: string): Promise<SerializedTask> {
  const row = (await deps
    .knex('scaffolder_tasks')
    .where({ id: uuidOrNil(id) })
    .first()) as TaskRow | undefined;
  if (!row) throw new NotFoundError(`No task with id ${id}`);
  return serializeTask(row);
}

export async function listTasks(
  deps: TaskStoreDeps,
  request: ListTasksRequest,
): Promise<{ tasks: SerializedTask[]; totalTasks: number }> {
  const filtered = () => {
    const query = deps.knex('scaffolder_tasks');
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
}

/**
 * Running tasks by the replica holding them, and open tasks by the replica holding their
 * secrets (the backend reports them per replica, and releases those of a replica that is gone).
 */
export async function leasesByOwner(deps: TaskStoreDeps): Promise<ReadonlyMap<string, number>> {
  const { knex } = deps;
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
}

/** Events after `after`, oldest first (at most `limit`). */
export async function listEvents(
  deps: TaskStoreDeps,
  id: string,
  after = 0,
  limit = 1000,
): Promise<SerializedTaskEvent[]> {
  const rows = (await deps
    .knex('scaffolder_task_events')
    .where('task_id', uuidOrNil(id))
    .andWhere('id', '>', after)
    .orderBy('id', 'asc')
    .limit(limit)) as EventRow[];
  return rows.map(serializeEvent);
}

/** Status and whether the task has ended for good (its completion event is written). */
export async function stateOf(
  deps: TaskStoreDeps,
  id: string,
): Promise<{ status: TaskStatus; finished: boolean } | undefined> {
  const row = (await deps
    .knex('scaffolder_tasks')
    .where({ id: uuidOrNil(id) })
    .first('status', 'finished_at')) as
    { status: TaskStatus; finished_at: Date | string | null } | undefined;
  return row && { status: row.status, finished: row.finished_at !== null };
}
