import type { Logger } from 'pino';
import type { PluginDatabase } from '@callboard/plugin-api/backend';
import type { AnyActionDefinition } from '../actions/types';
import type { ScaffolderReader } from '../ScaffolderDeps';
import type { DiskBudget } from '../workspace/workspaceQuota';
import type { TemplateRenderer } from '../templating/TemplateRenderer';
import { runWorkflow, StepFailedError, TaskAbortedError } from './runWorkflow';
import { createEventSink } from './eventSink';
import { createRunDirectory, type RunDirectory } from './runDirectory';
import { taskChannels, type ClaimedTask, type TaskStore } from './taskStore';
import { describeForUser } from '@callboard/plugin-api/common';

export interface TaskWorkerOptions {
  store: TaskStore;
  database: PluginDatabase;
  logger: Logger;
  /** This replica, as written in `lease_owner`. */
  instanceId: string;
  concurrency: number;
  leaseMs: number;
  taskTimeoutMs: number;
  /** Parent of task workspaces (default: the system temp folder). */
  workingDirectory?: string;
  actions: ReadonlyMap<string, AnyActionDefinition>;
  renderer: TemplateRenderer;
  reader: ScaffolderReader;
  environment: { parameters: Record<string, unknown>; secrets: Record<string, string> };
  /** The disk space of task workspaces (absent: unbounded). */
  diskBudget?: DiskBudget;
}

/** Why a running task's controller was aborted. */
type AbortReason = 'cancelled' | 'lease-lost' | 'timeout' | 'shutdown';

/**
 * Claims open tasks (up to `concurrency` at once) and runs them, each in a fresh workspace that
 * is removed afterwards. While a task runs its lease is renewed; a cancel (NOTIFY from any
 * replica) or a lost lease aborts it. Periodically it fails or restarts tasks whose replica died
 * (lease expired), so no task stays "processing" for longer than a lease after a crash.
 */
export function createTaskWorker(options: TaskWorkerOptions) {
  const { store, logger, leaseMs } = options;
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const unsubscribe: Array<() => Promise<void>> = [];
  let stopped = true;
  let claiming = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;

  const claimAvailable = async (): Promise<void> => {
    if (claiming || stopped) return;
    claiming = true;
    try {
      while (!stopped && running.size < options.concurrency) {
        const task = await store.claimTask(options.instanceId, leaseMs);
        if (!task) break;
        start(task);
      }
    } catch (error) {
      logger.error({ err: error }, 'claiming tasks failed');
    } finally {
      claiming = false;
    }
  };

  const sweep = async () => {
    try {
      const recovered = await store.recoverExpiredTasks();
      if (recovered.failed.length || recovered.restarted.length) {
        logger.warn(recovered, 'took over tasks whose replica stopped');
      }
    } catch (error) {
      logger.error({ err: error }, 'recovering expired tasks failed');
    }
  };

  const start = (task: ClaimedTask) => {
    const controller = new AbortController();
    const done = execute(task, controller)
      .catch(error => logger.error({ err: error, taskId: task.id }, 'task bookkeeping failed'))
      .finally(() => {
        running.delete(task.id);
        void claimAvailable();
      });
    running.set(task.id, { controller, done });
  };

  const execute = async (task: ClaimedTask, controller: AbortController) => {
    const taskLogger = logger.child({ taskId: task.id });
    const sink = createEventSink({
      store,
      taskId: task.id,
      secrets: [task.secrets, options.environment.secrets],
      logger: taskLogger,
    });
    const abort = (reason: AbortReason) => {
      if (!controller.signal.aborted) controller.abort(reason);
    };
    const heartbeat = setInterval(
      () => {
        store.heartbeat(task.id, options.instanceId, leaseMs).then(
          held => {
            if (!held)
              void store
                .statusOf(task.id)
                .then(s => abort(s === 'cancelled' ? 'cancelled' : 'lease-lost'));
          },
          error => taskLogger.warn({ err: error }, 'renewing the task lease failed'),
        );
      },
      Math.max(200, Math.floor(leaseMs / 3)),
    );
    const timeout = setTimeout(() => abort('timeout'), options.taskTimeoutMs);

    // Created inside the try: a folder that cannot be made (a full disk, a bad
    // scaffolder.workingDirectory) fails the task with that message instead of leaving it running.
    let directory: RunDirectory | undefined;
    taskLogger.info({ attempt: task.attempts }, 'task started');
    try {
      directory = await createRunDirectory(
        options.workingDirectory,
        `callboard-task-${task.id.slice(0, 8)}-`,
        options.diskBudget,
      );
      if (task.attempts > 1) sink.log({ message: `Attempt ${task.attempts}` });
      const result = await runWorkflow({
        taskId: task.id,
        spec: task.spec,
        secrets: task.secrets,
        environment: options.environment,
        actions: options.actions,
        renderer: options.renderer,
        reader: options.reader,
        workspacePath: directory.workspacePath,
        workspaceQuota: directory.quota,
        createTemporaryDirectory: directory.createTemporaryDirectory,
        signal: controller.signal,
        isDryRun: false,
        log: body => sink.log(body),
      });
      await sink.flush();
      await store.completeTask(task.id, options.instanceId, 'completed', {
        message: 'Run completed',
        status: 'completed',
        output: result.output,
      });
      taskLogger.info('task completed');
    } catch (error) {
      await sink.flush();
      const reason = controller.signal.reason as AbortReason | undefined;
      if (reason === 'lease-lost') {
        taskLogger.warn('lost the lease of a running task; another replica has it now');
        return;
      }
      const status = reason === 'cancelled' ? 'cancelled' : 'failed';
      const message =
        reason === 'timeout'
          ? `The task ran longer than ${Math.round(options.taskTimeoutMs / 1000)} s (scaffolder.taskTimeout) and was stopped`
          : reason === 'shutdown'
            ? 'The backend stopped while this task ran; the task failed. Retry it to run it again.'
            : reason === 'cancelled'
              ? 'The task was cancelled'
              : sink.mask(describeForUser(error));
      const name =
        error instanceof StepFailedError || error instanceof TaskAbortedError
          ? error.name
          : 'Error';
      await store.completeTask(task.id, options.instanceId, status, {
        message,
        status,
        error: { name, message },
        ...(error instanceof StepFailedError ? { stepId: error.stepId } : {}),
      });
      taskLogger.info({ status, message }, 'task ended');
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeout);
      await directory
        ?.remove()
        .catch(error => taskLogger.warn({ err: error }, 'removing the task workspace failed'));
    }
  };

  return {
    async start() {
      stopped = false;
      unsubscribe.push(
        await options.database.listen(taskChannels.created, () => void claimAvailable()),
        await options.database.listen(taskChannels.cancelled, taskId => {
          store.forgetSecrets(taskId);
          const task = running.get(taskId);
          if (task && !task.controller.signal.aborted) task.controller.abort('cancelled');
        }),
      );
      const interval = Math.max(500, Math.floor(leaseMs / 3));
      // NOTIFY is the fast path; the poll catches a notification missed while reconnecting.
      pollTimer = setInterval(() => void claimAvailable(), Math.max(2000, interval));
      sweepTimer = setInterval(() => void sweep(), interval);
      await sweep();
      await claimAvailable();
    },
    /** Stops claiming; running tasks are aborted and end as failed (their workspaces removed). */
    async stop() {
      stopped = true;
      clearInterval(pollTimer);
      clearInterval(sweepTimer);
      for (const { controller } of running.values()) controller.abort('shutdown');
      await Promise.all([...running.values()].map(task => task.done));
      await Promise.all(unsubscribe.splice(0).map(fn => fn().catch(() => undefined)));
    },
    /** Tasks this replica is running now. */
    runningTaskIds: () => [...running.keys()],
  };
}

export type TaskWorker = ReturnType<typeof createTaskWorker>;
