import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  engineSkipReason,
  eventually,
  testEngines,
  type TestDatabase,
} from '@callboard/test-utils';
import type { Database } from '../database/Database';
import { migratePluginUp } from '../database/migratePlugin';
import { openPg } from '../database/openPg';
import { createLogger } from '../logger';
import { createScheduler, type Scheduler } from './createScheduler';
import { coreMigrations } from '../database/coreMigrations';
import { schedulerTable } from './schedulerMigrations';

// Failures below are expected (timeouts); keep the output for real problems.
const logger = createLogger({ level: 'silent', pretty: false });

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Waits until `condition` holds (a ceiling against hanging, not a time assertion). */
const waitFor = (condition: () => boolean) =>
  eventually(() => {
    if (!condition()) throw new Error('condition not met');
  });

describe.each(testEngines)('scheduler on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;
  /** A second replica's own connection pool (PGlite is one in-process database: shared). */
  let otherReplicaDatabase: Database;
  const schedulers: Scheduler[] = [];

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    await migratePluginUp(db.database.knex, 'backend', coreMigrations);
    otherReplicaDatabase = db.connection
      ? await openPg({ client: 'pg', connection: db.connection }, logger)
      : db.database;
  });
  afterAll(async () => {
    await Promise.all(schedulers.map(s => s.stop()));
    if (otherReplicaDatabase !== db?.database) await otherReplicaDatabase?.close();
    await db?.destroy();
  });

  function newScheduler(instanceId: string, database: Database = db.database): Scheduler {
    const scheduler = createScheduler({ database, instanceId, logger, pollIntervalMs: 25 });
    schedulers.push(scheduler);
    return scheduler;
  }

  it.skipIf(skip)('runs a task on its schedule and records the run', async () => {
    const scheduler = newScheduler('replica-a');
    let runs = 0;
    await scheduler.forPlugin('demo').schedule({
      id: 'tick',
      frequency: { milliseconds: 50 },
      timeout: { seconds: 5 },
      run: async () => {
        runs++;
      },
    });
    scheduler.start();
    await waitFor(() => runs >= 3);
    const tasks = await scheduler.list();
    const task = tasks.find(t => t.id === 'demo.tick');
    expect(task?.lastRunAt).toBeInstanceOf(Date);
    expect(task?.lastError).toBeNull();
    await scheduler.stop();
  });

  it.skipIf(skip)('never runs one task on two replicas at the same time', async () => {
    const a = newScheduler('replica-1');
    const b = newScheduler('replica-2', otherReplicaDatabase);
    let concurrent = 0;
    let maxConcurrent = 0;
    const runsBy: Record<string, number> = { 'replica-1': 0, 'replica-2': 0 };
    const task = (replica: string) => ({
      id: 'exclusive',
      frequency: { milliseconds: 0 },
      timeout: { seconds: 5 },
      run: async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        runsBy[replica]!++;
        await sleep(30);
        concurrent--;
      },
    });
    await a.forPlugin('demo').schedule(task('replica-1'));
    await b.forPlugin('demo').schedule(task('replica-2'));
    a.start();
    b.start();
    await waitFor(() => runsBy['replica-1']! + runsBy['replica-2']! >= 12);
    await Promise.all([a.stop(), b.stop()]);
    expect(maxConcurrent).toBe(1);
  });

  it.skipIf(skip)('takes over a task whose lease expired (its replica died)', async () => {
    const knex = db.database.knex;
    await knex(schedulerTable).insert({
      id: 'demo.orphaned',
      next_run_at: knex.fn.now(),
      frequency_ms: 60_000,
      timeout_ms: 60_000,
      lease_owner: 'dead-replica',
      lease_expires_at: knex.raw(`now() + interval '1 hour'`),
    });
    const survivor = newScheduler('survivor');
    let ran = false;
    await survivor.forPlugin('demo').schedule({
      id: 'orphaned',
      frequency: { minutes: 1 },
      timeout: { minutes: 1 },
      run: async () => {
        ran = true;
      },
    });
    // Another task, due now: a claim takes every due task it may in one statement and starts
    // them together, so once this one ran, a claim saw the orphan too — and, had it taken it,
    // would have run it as well. Triggered again, a second claim sees it still leased.
    let probeRuns = 0;
    await survivor.forPlugin('demo').schedule({
      id: 'probe',
      frequency: { hours: 1 },
      timeout: { minutes: 1 },
      run: async () => {
        probeRuns++;
      },
    });
    survivor.start();
    await waitFor(() => probeRuns === 1);
    await survivor.forPlugin('demo').triggerNow('probe');
    await waitFor(() => probeRuns === 2);
    expect(ran).toBe(false);
    // The dead replica's lease runs out (the database's clock decides, not the replica's).
    await knex(schedulerTable)
      .where({ id: 'demo.orphaned' })
      .update({ lease_expires_at: knex.raw(`now() - interval '1 millisecond'`) });
    await waitFor(() => ran);
    await survivor.stop();
  });

  it.skipIf(skip)('runs a triggered task now, even one triggered while it runs', async () => {
    const scheduler = newScheduler('trigger-replica');
    let runs = 0;
    let release: () => void = () => {};
    const firstRunBlocked = new Promise<void>(resolve => {
      release = resolve;
    });
    await scheduler.forPlugin('demo').schedule({
      id: 'hourly',
      frequency: { hours: 1 },
      timeout: { minutes: 1 },
      run: async () => {
        runs++;
        if (runs === 1) await firstRunBlocked;
      },
    });
    scheduler.start();
    await waitFor(() => runs === 1);
    // Triggered during the first run: must run again right after, not in an hour.
    await scheduler.forPlugin('demo').triggerNow('hourly');
    release();
    await waitFor(() => runs === 2);
    await scheduler.forPlugin('demo').triggerNow('hourly');
    await waitFor(() => runs === 3);
    await expect(scheduler.forPlugin('demo').triggerNow('missing')).rejects.toThrow(
      /No scheduled task demo.missing/,
    );
    await scheduler.stop();
  });

  it.skipIf(skip)('aborts a run that exceeds its timeout and records the error', async () => {
    const scheduler = newScheduler('timeout-replica');
    let aborted = false;
    await scheduler.forPlugin('demo').schedule({
      id: 'slow',
      frequency: { hours: 1 },
      timeout: { milliseconds: 100 },
      run: signal =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(signal.reason as Error);
          });
        }),
    });
    scheduler.start();
    await waitFor(() => aborted);
    // The lease is given back with the error once the aborted run settled.
    await eventually(async () => {
      const task = (await scheduler.list()).find(t => t.id === 'demo.slow');
      expect(task?.lastError).toMatch(/timed out after 100 ms/);
      expect(task?.leasedBy).toBeNull();
    });
    await scheduler.stop();
  });
});

describe.each(testEngines)('one scheduler with several tasks on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;
  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    await migratePluginUp(db.database.knex, 'backend', coreMigrations);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it.skipIf(skip)('runs every one of them', async () => {
    const scheduler = createScheduler({
      database: db.database,
      instanceId: 'many',
      logger,
      pollIntervalMs: 25,
    });
    const runs: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (const id of Object.keys(runs)) {
      await scheduler.forPlugin('demo').schedule({
        id,
        frequency: { hours: 1 },
        timeout: { seconds: 5 },
        run: async () => {
          runs[id]!++;
        },
      });
    }
    scheduler.start();
    await waitFor(() => Object.values(runs).every(count => count === 1));
    await scheduler.stop();
  });
});
