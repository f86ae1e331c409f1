import type { Knex } from 'knex';
import { taskSpecSchema } from '../../common';
import { insertEvent, json, taskChannels, type TaskRow, type TaskStoreDeps } from './taskRows';

/** The columns that release a task from its replica for good. */
const released = (trx: Knex.Transaction) => ({
  secrets_holder: null,
  finished_at: trx.fn.now(),
  lease_owner: null,
  lease_expires_at: null,
});

/** Cancelled while running, and its replica died before it could say so. */
async function endCancelled(trx: Knex.Transaction, id: string): Promise<void> {
  await trx('scaffolder_tasks').where({ id }).update(released(trx));
  await insertEvent(trx, id, 'completion', {
    message: 'The task was cancelled',
    status: 'cancelled',
  });
}

/** The template asked for `startOver`: the task is open again. */
async function startOver(trx: Knex.Transaction, id: string): Promise<void> {
  await trx('scaffolder_tasks')
    .where({ id })
    // Its secrets, if any, were in the memory of the replica that stopped.
    .update({ status: 'open', lease_owner: null, lease_expires_at: null, secrets_holder: null });
  await insertEvent(trx, id, 'recovered', {
    message:
      'The replica running this task stopped; the task starts over (EXPERIMENTAL_recovery: startOver)',
  });
}

async function failInterrupted(trx: Knex.Transaction, id: string): Promise<void> {
  await trx('scaffolder_tasks')
    .where({ id })
    .update({ status: 'failed', ...released(trx) });
  const message =
    'The backend running this task stopped before it finished; the task failed. Retry it to run it again.';
  await insertEvent(trx, id, 'completion', {
    message,
    status: 'failed',
    error: { name: 'TaskInterruptedError', message },
  });
}

/** Restarts or fails the running (or cancelling) tasks whose lease ran out or whose owner is gone. */
async function recoverRunning(
  deps: TaskStoreDeps,
  trx: Knex.Transaction,
  owners: readonly string[],
): Promise<{ restarted: string[]; failed: string[] }> {
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
      await endCancelled(trx, row.id);
      failed.push(row.id);
    } else if (spec.EXPERIMENTAL_recovery?.EXPERIMENTAL_strategy === 'startOver') {
      await startOver(trx, row.id);
      restarted.push(row.id);
    } else {
      await failInterrupted(trx, row.id);
      failed.push(row.id);
    }
    await deps.database.notify(taskChannels.events, row.id, trx);
  }
  return { restarted, failed };
}

/** Open tasks whose secrets were in the memory of a replica that is gone cannot run: failed. */
async function failOrphanedOpen(
  deps: TaskStoreDeps,
  trx: Knex.Transaction,
  owners: readonly string[],
): Promise<string[]> {
  if (owners.length === 0) return [];
  const orphans = (await trx('scaffolder_tasks')
    .where({ status: 'open' })
    .whereIn('secrets_holder', [...owners])
    .forUpdate()
    .skipLocked()
    .limit(100)
    .pluck('id')) as string[];
  for (const id of orphans) {
    await trx('scaffolder_tasks')
      .where({ id })
      .update({ status: 'failed', secrets_holder: null, finished_at: trx.fn.now() });
    const message =
      'The backend holding this task’s secrets stopped before the task started; the task failed. Retry it with its secrets to run it.';
    await insertEvent(trx, id, 'completion', {
      message,
      status: 'failed',
      error: { name: 'TaskInterruptedError', message },
    });
    await deps.database.notify(taskChannels.events, id, trx);
  }
  return orphans;
}

/**
 * Tasks whose lease ran out, or whose replica is known to be gone (`owners`, from the
 * backend's heartbeats): their replica died or hung. Each is restarted (template asked for
 * `startOver`) or failed, with an event saying why. Returns the ids handled.
 */
export async function recoverExpiredTasks(
  deps: TaskStoreDeps,
  owners: readonly string[] = [],
): Promise<{ restarted: string[]; failed: string[] }> {
  return deps.knex.transaction(async trx => {
    const { restarted, failed } = await recoverRunning(deps, trx, owners);
    failed.push(...(await failOrphanedOpen(deps, trx, owners)));
    for (const id of [...restarted, ...failed]) deps.heldSecrets.delete(id);
    if (restarted.length > 0) await deps.database.notify(taskChannels.created, '', trx);
    return { restarted, failed };
  });
}

/**
 * Ends or restarts every task held by replicas that are gone, as `recoverExpiredTasks` does
 * for expired leases, without waiting for the leases to run out. Returns how many it handled.
 */
export async function releaseOwnedBy(
  deps: TaskStoreDeps,
  owners: readonly string[],
): Promise<number> {
  let handled = 0;
  for (;;) {
    const { restarted, failed } = await recoverExpiredTasks(deps, owners);
    if (restarted.length + failed.length === 0) return handled;
    handled += restarted.length + failed.length;
  }
}
