import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '@callboard/plugin-api/common';
import { taskSpecSchema, type TaskSpec, type TaskStatus } from '../../common';
import {
  holderFor,
  insertEvent,
  json,
  taskChannels,
  uuidOrNil,
  type EventBody,
  type TaskRow,
  type TaskStoreDeps,
} from './taskRows';

/** A task a replica holds the lease on. */
export interface ClaimedTask {
  id: string;
  spec: TaskSpec;
  secrets: Record<string, string>;
  createdBy?: string;
  attempts: number;
}

export async function createTask(
  deps: TaskStoreDeps,
  request: { spec: TaskSpec; secrets?: Record<string, string>; createdBy?: string },
): Promise<{ id: string }> {
  const id = randomUUID();
  const holder = holderFor(deps, request.secrets);
  if (holder) deps.heldSecrets.set(id, { ...request.secrets });
  await deps.knex.transaction(async trx => {
    await trx('scaffolder_tasks').insert({
      id,
      spec: JSON.stringify(request.spec),
      secrets_holder: holder,
      status: 'open',
      template_ref: request.spec.templateInfo.entityRef,
      created_by: request.createdBy ?? null,
    });
    await deps.database.notify(taskChannels.created, id, trx);
  });
  return { id };
}

/**
 * Takes the oldest open task, if any, and holds it for `leaseMs`. A task whose secrets another
 * replica holds is left to that replica.
 */
export async function claimTask(
  deps: TaskStoreDeps,
  owner: string,
  leaseMs: number,
): Promise<ClaimedTask | undefined> {
  const result = await deps.knex.raw(
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
    secrets: deps.heldSecrets.get(row.id) ?? {},
    ...(row.created_by ? { createdBy: row.created_by } : {}),
    attempts: row.attempts,
  };
}

/** Renews the lease. False when the task is no longer this replica's (cancelled, taken over). */
export async function heartbeat(
  deps: TaskStoreDeps,
  id: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const { knex } = deps;
  const updated = await knex('scaffolder_tasks')
    .where({ id, lease_owner: owner, status: 'processing' })
    .update({
      last_heartbeat_at: knex.fn.now(),
      lease_expires_at: knex.raw(`now() + (? * interval '1 millisecond')`, [leaseMs]),
    });
  return updated > 0;
}

/**
 * Ends a task this replica holds: status, the final `completion` event, secrets cleared.
 * A task cancelled meanwhile stays cancelled (its completion still says how it ended).
 */
export async function completeTask(
  deps: TaskStoreDeps,
  id: string,
  owner: string,
  status: 'completed' | 'failed' | 'cancelled',
  body: EventBody,
): Promise<void> {
  await deps.knex.transaction(async trx => {
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
    deps.heldSecrets.delete(id);
    // Another replica took the task over (this one stalled past its lease): its word stands.
    if (updated === 0) return;
    await insertEvent(trx, id, 'completion', body);
    await deps.database.notify(taskChannels.events, id, trx);
  });
}

/** A task's status, locked for the rest of the transaction; NotFoundError when there is none. */
async function lockedStatus(trx: Knex.Transaction, id: string): Promise<TaskStatus> {
  const row = (await trx('scaffolder_tasks')
    .where({ id: uuidOrNil(id) })
    .forUpdate()
    .first('status')) as Pick<TaskRow, 'status'> | undefined;
  if (!row) throw new NotFoundError(`No task with id ${id}`);
  return row.status;
}

/** Cancels a task that has not ended. An open task ends at once; a running one is aborted by its replica. */
export async function cancelTask(deps: TaskStoreDeps, id: string): Promise<TaskStatus> {
  return deps.knex.transaction(async trx => {
    const status = await lockedStatus(trx, id);
    if (status !== 'open' && status !== 'processing') return status;
    await trx('scaffolder_tasks')
      .where({ id })
      .update({
        status: 'cancelled',
        ...(status === 'open' ? { secrets_holder: null, finished_at: trx.fn.now() } : {}),
      });
    await insertEvent(trx, id, 'cancelled', {
      message: 'The task was cancelled',
      status: 'cancelled',
    });
    if (status === 'open') {
      deps.heldSecrets.delete(id);
      await insertEvent(trx, id, 'completion', {
        message: 'The task was cancelled before it started',
        status: 'cancelled',
      });
    }
    await deps.database.notify(taskChannels.events, id, trx);
    await deps.database.notify(taskChannels.cancelled, id, trx);
    return 'cancelled';
  });
}

/**
 * Runs a failed or cancelled task again from its first step, with new secrets if given (held
 * by this replica, which then runs it).
 */
export async function retryTask(
  deps: TaskStoreDeps,
  id: string,
  secrets?: Record<string, string>,
): Promise<void> {
  const holder = holderFor(deps, secrets);
  await deps.knex.transaction(async trx => {
    const status = await lockedStatus(trx, id);
    if (status !== 'failed' && status !== 'cancelled') {
      throw new ConflictError(
        `Only a failed or cancelled task can be retried; this one is ${status}`,
      );
    }
    await trx('scaffolder_tasks')
      .where({ id })
      .update({ status: 'open', finished_at: null, secrets_holder: holder });
    if (holder) deps.heldSecrets.set(id, { ...secrets });
    else deps.heldSecrets.delete(id);
    await insertEvent(trx, id, 'recovered', { message: 'Retrying the task from the start' });
    await deps.database.notify(taskChannels.events, id, trx);
    await deps.database.notify(taskChannels.created, id, trx);
  });
}
