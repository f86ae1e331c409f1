import type { Logger } from 'pino';
import { describeForUser, durationToMilliseconds } from '@callboard/plugin-api/common';
import {
  countLeasesByOwner,
  type PluginInstance,
  type PluginScheduler,
  type ScheduledTask,
  type ScheduledTaskRecord,
} from '@callboard/plugin-api/backend';
import type { Database } from '../database/Database';
import { schedulerTable } from './schedulerMigrations';

const wakeChannel = 'backend_scheduler';

export interface Scheduler {
  forPlugin(pluginId: string): PluginScheduler;
  /** Starts claiming due tasks (call once every plugin is set up). */
  start(): void;
  /** Stops claiming, aborts running tasks and waits for them to settle. */
  stop(): Promise<void>;
  list(): Promise<ScheduledTaskRecord[]>;
  /** Declares the task leases to the replica registry, which frees those of a dead replica. */
  registerLeases(instance: PluginInstance): void;
}

export interface SchedulerOptions {
  database: Database;
  instanceId: string;
  logger: Logger;
  /** How often to look for due tasks when nobody wakes us (default 1 s). */
  pollIntervalMs?: number;
}

interface TaskRow {
  id: string;
  next_run_at: Date | string;
  lease_owner: string | null;
  last_run_at: Date | string | null;
  last_duration_ms: number | null;
  last_error: string | null;
}

/**
 * Runs plugins' scheduled tasks. Every run is claimed with a lease row in the database
 * (`FOR UPDATE SKIP LOCKED`, expiring after the task's timeout), so with several replicas on one
 * PostgreSQL exactly one runs a task at a time, and a replica that dies mid-run only delays the
 * next run until its lease expires. Time comes from the database, not from each replica's clock.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { database, instanceId, logger } = options;
  const knex = database.knex;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const tasks = new Map<string, ScheduledTask>();
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let timer: NodeJS.Timeout | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let started = false;
  let stopped = false;
  let ticking = false;
  let tickAgain = false;

  async function register(fullId: string, task: ScheduledTask): Promise<void> {
    if (tasks.has(fullId)) {
      throw new Error(`Task ${fullId} is already scheduled`);
    }
    const frequencyMs = durationToMilliseconds(task.frequency);
    const timeoutMs = durationToMilliseconds(task.timeout);
    const initialDelayMs = task.initialDelay ? durationToMilliseconds(task.initialDelay) : 0;
    if (timeoutMs <= 0) {
      throw new Error(`Task ${fullId} needs a positive timeout`);
    }
    tasks.set(fullId, task);
    // Another replica may have registered it already: keep its schedule, update the settings.
    await knex(schedulerTable)
      .insert({
        id: fullId,
        next_run_at: knex.raw(`now() + ?::int * interval '1 millisecond'`, [initialDelayMs]),
        frequency_ms: frequencyMs,
        timeout_ms: timeoutMs,
      })
      .onConflict('id')
      .merge(['frequency_ms', 'timeout_ms']);
    if (started) wake();
  }

  async function claimDueTasks(): Promise<string[]> {
    const idle = [...tasks.keys()].filter(id => !running.has(id));
    if (idle.length === 0) return [];
    const result = (await knex.raw(
      `update ${schedulerTable} as t
          set lease_owner = ?,
              lease_expires_at = now() + t.timeout_ms * interval '1 millisecond',
              claimed_next_run_at = t.next_run_at
        where t.id in (
          select id from ${schedulerTable}
           where id = any(?)
             and next_run_at <= now()
             and (lease_owner is null or lease_expires_at < now())
           order by next_run_at
           for update skip locked)
        returning t.id, t.timeout_ms`,
      [instanceId, idle],
    )) as { rows: Array<{ id: string; timeout_ms: number }> };
    return result.rows.map(row => row.id);
  }

  function runTask(id: string): void {
    const task = tasks.get(id);
    if (!task) return;
    const controller = new AbortController();
    const timeoutMs = durationToMilliseconds(task.timeout);
    const timeout = setTimeout(
      () => controller.abort(new Error(`Task ${id} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    timeout.unref();
    const startedAt = Date.now();
    const done = (async () => {
      let error: string | null = null;
      try {
        await task.run(controller.signal);
      } catch (caught) {
        // Shown on the about page: what a person may read; the details are in the log.
        error = describeForUser(caught);
        logger.error({ err: caught, task: id }, 'scheduled task failed');
      } finally {
        clearTimeout(timeout);
      }
      await release(id, Date.now() - startedAt, error);
    })()
      .catch((caught: unknown) =>
        logger.error({ err: caught, task: id }, 'could not release the task lease'),
      )
      .finally(() => {
        running.delete(id);
        // The task may be due again (triggered while it ran).
        if (!stopped) wake();
      });
    running.set(id, { controller, done });
  }

  async function release(id: string, durationMs: number, error: string | null): Promise<void> {
    const updated = await knex(schedulerTable)
      .where({ id, lease_owner: instanceId })
      .update({
        lease_owner: null,
        lease_expires_at: null,
        // A trigger while running moved next_run_at past the claimed value: keep it, run again soon.
        next_run_at: knex.raw(
          `case when next_run_at > claimed_next_run_at then next_run_at else now() + frequency_ms * interval '1 millisecond' end`,
        ),
        claimed_next_run_at: null,
        last_run_at: knex.raw(`now() - ?::int * interval '1 millisecond'`, [durationMs]),
        last_duration_ms: durationMs,
        last_error: error,
      });
    if (updated === 0) {
      logger.warn(
        { task: id },
        'the lease expired while the task ran; another replica may have run it too',
      );
    }
  }

  /**
   * Frees the tasks leased by replicas that are gone. A run that was in progress there is due
   * again (its `next_run_at` has passed), so another replica runs it at once.
   */
  async function releaseOwnedBy(owners: readonly string[]): Promise<number> {
    const released = await knex(schedulerTable)
      .whereIn('lease_owner', [...owners])
      .update({
        lease_owner: null,
        lease_expires_at: null,
        claimed_next_run_at: null,
        last_error: knex.raw(
          `case when lease_owner = ? then last_error else 'the replica running it stopped' end`,
          [instanceId],
        ),
      });
    if (released > 0) await database.notify(wakeChannel);
    return released;
  }

  async function tick(): Promise<void> {
    if (ticking) {
      tickAgain = true;
      return;
    }
    ticking = true;
    try {
      do {
        tickAgain = false;
        if (stopped) return;
        for (const id of await claimDueTasks()) {
          if (stopped) break;
          runTask(id);
        }
      } while (tickAgain);
    } catch (error) {
      logger.warn({ err: error }, 'could not claim scheduled tasks');
    } finally {
      ticking = false;
    }
  }

  function wake(): void {
    if (!started || stopped) return;
    void tick();
  }

  return {
    forPlugin(pluginId) {
      return {
        schedule: task => register(`${pluginId}.${task.id}`, task),
        async triggerNow(taskId) {
          const fullId = `${pluginId}.${taskId}`;
          const updated = await knex(schedulerTable)
            .where({ id: fullId })
            .update({ next_run_at: knex.fn.now() });
          if (updated === 0) {
            throw new Error(`No scheduled task ${fullId}`);
          }
          await database.notify(wakeChannel, fullId);
        },
      };
    },
    start() {
      if (started) return;
      started = true;
      timer = setInterval(wake, pollIntervalMs);
      timer.unref();
      database
        .listen(wakeChannel, wake)
        .then(stop => {
          unlisten = stop;
        })
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'could not listen for scheduler wake-ups; polling only'),
        );
      wake();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      for (const { controller } of running.values()) {
        controller.abort(new Error('The backend is shutting down'));
      }
      await Promise.all([...running.values()].map(entry => entry.done));
      await unlisten?.().catch(() => undefined);
    },
    registerLeases(instance) {
      instance.registerLeases({
        id: 'scheduler',
        countByOwner: () => countLeasesByOwner(knex(schedulerTable)),
        release: releaseOwnedBy,
      });
    },
    async list() {
      const rows = (await knex(schedulerTable).select('*').orderBy('id')) as TaskRow[];
      return rows.map(row => ({
        id: row.id,
        nextRunAt: toDate(row.next_run_at),
        lastRunAt: toDate(row.last_run_at),
        lastDurationMs: row.last_duration_ms,
        lastError: row.last_error,
        leasedBy: row.lease_owner,
      }));
    },
  };
}

function toDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}
