import type { PluginDatabase } from '@callboard/plugin-api/backend';
import type { SerializedTaskEvent, TaskEventType, TaskSpec, TaskStatus } from '../../common';
import {
  cancelTask,
  claimTask,
  completeTask,
  createTask,
  heartbeat,
  retryTask,
  type ClaimedTask,
} from './taskCommands';
import {
  getTask,
  leasesByOwner,
  listEvents,
  listTasks,
  stateOf,
  type ListTasksRequest,
} from './taskQueries';
import { recoverExpiredTasks, releaseOwnedBy } from './taskRecovery';
import { emitEvent, type EventBody, type TaskStoreDeps } from './taskRows';

export { taskChannels, type EventBody } from './taskRows';
export type { ClaimedTask } from './taskCommands';
export type { ListTasksRequest } from './taskQueries';

/**
 * Tasks and events in the database. Every state change is one statement guarded by the current
 * status (and lease owner), so replicas racing on the same task cannot both win: a claim takes
 * an open task with `FOR UPDATE SKIP LOCKED`, a heartbeat or completion only counts while the
 * caller still holds the lease, and a cancel only moves a task that has not ended. The SQL is in
 * `taskCommands` (state changes), `taskQueries` (reads) and `taskRecovery` (tasks whose replica
 * stopped); this binds them to one database and this replica's held secrets.
 */
export function createTaskStore(options: {
  database: PluginDatabase;
  /** This replica: it holds the secrets of the tasks created or retried through it. */
  instanceId?: string;
}) {
  const deps: TaskStoreDeps = {
    database: options.database,
    knex: options.database.knex,
    heldSecrets: new Map(),
    ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
  };
  return {
    createTask: (request: {
      spec: TaskSpec;
      secrets?: Record<string, string>;
      createdBy?: string;
    }): Promise<{ id: string }> => createTask(deps, request),
    getTask: (id: string) => getTask(deps, id),
    listTasks: (request: ListTasksRequest) => listTasks(deps, request),
    claimTask: (owner: string, leaseMs: number): Promise<ClaimedTask | undefined> =>
      claimTask(deps, owner, leaseMs),
    heartbeat: (id: string, owner: string, leaseMs: number) => heartbeat(deps, id, owner, leaseMs),
    completeTask: (
      id: string,
      owner: string,
      status: 'completed' | 'failed' | 'cancelled',
      body: EventBody,
    ) => completeTask(deps, id, owner, status, body),
    recoverExpiredTasks: (owners: readonly string[] = []) => recoverExpiredTasks(deps, owners),
    leasesByOwner: () => leasesByOwner(deps),
    releaseOwnedBy: (owners: readonly string[]) => releaseOwnedBy(deps, owners),
    cancelTask: (id: string): Promise<TaskStatus> => cancelTask(deps, id),
    retryTask: (id: string, secrets?: Record<string, string>) => retryTask(deps, id, secrets),
    listEvents: (id: string, after = 0, limit = 1000): Promise<SerializedTaskEvent[]> =>
      listEvents(deps, id, after, limit),
    /** Status, or undefined when there is no such task. */
    statusOf: async (id: string): Promise<TaskStatus | undefined> =>
      (await stateOf(deps, id))?.status,
    stateOf: (id: string) => stateOf(deps, id),
    /** Drops the secrets this replica holds for a task that will not run (cancelled elsewhere). */
    forgetSecrets: (id: string): void => {
      deps.heldSecrets.delete(id);
    },
    /** Writes an event and wakes every replica streaming this task. */
    emit: (taskId: string, type: TaskEventType, body: EventBody) =>
      emitEvent(deps, taskId, type, body),
  };
}

export type TaskStore = ReturnType<typeof createTaskStore>;
