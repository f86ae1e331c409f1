import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LeaseKind } from '@callboard/plugin-api/backend';
import {
  createTestDatabase,
  engineSkipReason,
  testEngines,
  testLogger,
  type TestDatabase,
} from '@callboard/test-utils';
import { coreMigrations } from '../database/coreMigrations';
import type { Database } from '../database/Database';
import { migratePluginUp } from '../database/migratePlugin';
import { openPg } from '../database/openPg';
import { createScheduler, type Scheduler } from '../scheduler/createScheduler';
import { schedulerTable } from '../scheduler/schedulerMigrations';
import { createReplicaRegistry, type ReplicaRegistry } from './createReplicaRegistry';
import { replicaTable } from './replicaMigrations';

/**
 * Leases in memory, as a plugin's table would hold them: owner → how many. `release` records
 * who asked, so a test sees exactly which owners were declared gone.
 */
function memoryLeases(id: string, held: Map<string, number>) {
  const released: string[][] = [];
  const kind: LeaseKind = {
    id,
    countByOwner: () => Promise.resolve(new Map(held)),
    release(owners) {
      released.push([...owners]);
      let count = 0;
      for (const owner of owners) {
        count += held.get(owner) ?? 0;
        held.delete(owner);
      }
      return Promise.resolve(count);
    },
  };
  return { kind, released };
}

/** A promise and the function that settles it: a test waits on an event, not on time. */
function signal<T = void>() {
  let settle!: (value: T) => void;
  const promise = new Promise<T>(resolve => (settle = resolve));
  return { promise, settle };
}

describe.each(testEngines)('replica heartbeats on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;
  /** A second replica's own pool (PGlite is one in-process database: shared). */
  let otherDatabase: Database;
  const started: Array<ReplicaRegistry | Scheduler> = [];

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    await migratePluginUp(db.database.knex, 'backend', coreMigrations);
    otherDatabase = db.connection
      ? await openPg({ client: 'pg', connection: db.connection }, testLogger())
      : db.database;
  });
  afterAll(async () => {
    await Promise.all(started.map(s => s.stop().catch(() => undefined)));
    if (otherDatabase !== db?.database) await otherDatabase?.close();
    await db?.destroy();
  });
  beforeEach(async () => {
    if (skip) return;
    await Promise.all(started.splice(0).map(s => s.stop().catch(() => undefined)));
    await db.database.knex(replicaTable).delete();
    await db.database.knex(schedulerTable).delete();
  });

  function registry(id: string, database: Database = db.database, exclusive = false) {
    const replicas = createReplicaRegistry({
      database,
      instanceId: id,
      host: 'test-host',
      pid: 4242,
      version: '1.2.3',
      startedAt: new Date('2026-12-01T10:00:00Z'),
      logger: testLogger(),
      // Beats are driven by hand in these tests (`beat()`); the timer only must not interfere.
      heartbeatIntervalMs: 3_600_000,
      heartbeatTimeoutMs: 10_000,
      exclusive,
    });
    started.push(replicas);
    return replicas;
  }

  /** What a replica that stopped beating looks like: its last heartbeat long ago. */
  const silence = (id: string) =>
    db.database
      .knex(replicaTable)
      .where({ id })
      .update({ heartbeat_at: db.database.knex.raw(`now() - interval '1 hour'`) });
  const rowIds = async () =>
    (await db.database.knex(replicaTable).orderBy('id').pluck('id')) as string[];

  it.skipIf(skip)('lists the live replicas with the leases each holds, by kind', async () => {
    const held = new Map<string, number>();
    const a = registry('replica-a');
    const b = registry('replica-b', otherDatabase);
    // Every replica runs the same plugins, so each knows every kind of lease.
    a.forPlugin('catalog').registerLeases(memoryLeases('processing', held).kind);
    b.forPlugin('catalog').registerLeases(memoryLeases('processing', held).kind);
    await a.start();
    await b.start();
    // Taken once both rows are written, as a replica writes its row before it takes a lease.
    held.set('replica-a', 3).set('replica-b', 1);
    const replicas = await b.forPlugin('catalog').replicas();
    expect(replicas.map(r => ({ id: r.id, host: r.host, pid: r.pid, leases: r.leases }))).toEqual([
      { id: 'replica-a', host: 'test-host', pid: 4242, leases: { 'catalog.processing': 3 } },
      { id: 'replica-b', host: 'test-host', pid: 4242, leases: { 'catalog.processing': 1 } },
    ]);
    expect(replicas[0]!.version).toBe('1.2.3');
    expect(replicas[0]!.startedAt.toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });

  it.skipIf(skip)(
    'gives back every lease of a replica that stopped beating, and removes its row',
    async () => {
      const held = new Map<string, number>();
      const a = registry('replica-a');
      const b = registry('replica-b', otherDatabase);
      const leasesOfA = memoryLeases('processing', held);
      const leasesOfB = memoryLeases('processing', held);
      a.forPlugin('catalog').registerLeases(leasesOfA.kind);
      b.forPlugin('catalog').registerLeases(leasesOfB.kind);
      await a.start();
      await b.start();
      held.set('replica-a', 5).set('replica-b', 2);
      // A beat while both are alive frees nothing.
      expect(await b.beat()).toEqual([]);
      expect(leasesOfB.released).toEqual([]);

      await silence('replica-a');
      expect(await b.beat()).toEqual(['replica-a']);
      expect(leasesOfB.released).toEqual([['replica-a']]);
      expect(Object.fromEntries(held)).toEqual({ 'replica-b': 2 });
      expect(await rowIds()).toEqual(['replica-b']);
      expect((await b.list()).map(r => r.id)).toEqual(['replica-b']);
    },
  );

  it.skipIf(skip)(
    'gives back the leases of an owner that has no row (a sweep that failed half-way)',
    async () => {
      const held = new Map([
        ['replica-b', 1],
        ['vanished', 4],
      ]);
      const b = registry('replica-b', otherDatabase);
      const leases = memoryLeases('stitching', held);
      b.forPlugin('catalog').registerLeases(leases.kind);
      await b.start();
      expect(leases.released).toEqual([['vanished']]);
      expect(Object.fromEntries(held)).toEqual({ 'replica-b': 1 });
    },
  );

  it.skipIf(skip)(
    'keeps the row of a dead replica until every kind gave its leases back',
    async () => {
      const held = new Map([['replica-a', 2]]);
      const a = registry('replica-a');
      const b = registry('replica-b', otherDatabase);
      let failing = true;
      const good = memoryLeases('processing', held);
      b.forPlugin('catalog').registerLeases(good.kind);
      b.forPlugin('scaffolder').registerLeases({
        id: 'tasks',
        countByOwner: () => Promise.resolve(new Map()),
        release: () =>
          failing ? Promise.reject(new Error('connection lost')) : Promise.resolve(0),
      });
      await a.start();
      await b.start();
      await silence('replica-a');
      await expect(b.beat()).rejects.toThrow('connection lost');
      expect(await rowIds()).toEqual(['replica-a', 'replica-b']);
      failing = false;
      expect(await b.beat()).toEqual(['replica-a']);
      expect(await rowIds()).toEqual(['replica-b']);
    },
  );

  it.skipIf(skip)(
    'writes its row again when it was taken for dead, and it is listed again',
    async () => {
      const a = registry('replica-a');
      const b = registry('replica-b', otherDatabase);
      await a.start();
      await b.start();
      await silence('replica-a');
      expect(await b.beat()).toEqual(['replica-a']);
      expect(await a.beat()).toEqual([]);
      expect(await rowIds()).toEqual(['replica-a', 'replica-b']);
    },
  );

  it.skipIf(skip)('on shutdown gives back what it holds and removes its row at once', async () => {
    const held = new Map<string, number>();
    const a = registry('replica-a');
    const b = registry('replica-b', otherDatabase);
    const leases = memoryLeases('processing', held);
    a.forPlugin('catalog').registerLeases(leases.kind);
    await a.start();
    await b.start();
    held.set('replica-a', 3).set('replica-b', 1);
    await a.stop();
    expect(leases.released).toEqual([['replica-a']]);
    expect(Object.fromEntries(held)).toEqual({ 'replica-b': 1 });
    expect(await rowIds()).toEqual(['replica-b']);
  });

  it.skipIf(skip)(
    'with an exclusive database, clears every other row at start, however fresh',
    async () => {
      const held = new Map([['crashed', 7]]);
      const crashed = registry('crashed');
      await crashed.start();
      const leases = memoryLeases('processing', held);
      const restarted = registry('restarted', db.database, true);
      restarted.forPlugin('catalog').registerLeases(leases.kind);
      await restarted.start();
      expect(leases.released).toEqual([['crashed']]);
      expect(await rowIds()).toEqual(['restarted']);
    },
  );

  it.skipIf(skip)(
    'frees the scheduled task of a dead replica, and another replica runs it',
    async () => {
      const replicaA = registry('replica-a');
      const replicaB = registry('replica-b', otherDatabase);
      const schedulerA = createScheduler({
        database: db.database,
        instanceId: 'replica-a',
        logger: testLogger(),
        pollIntervalMs: 25,
      });
      const schedulerB = createScheduler({
        database: otherDatabase,
        instanceId: 'replica-b',
        logger: testLogger(),
        pollIntervalMs: 25,
      });
      started.push(schedulerA, schedulerB);
      schedulerA.registerLeases(replicaA.forPlugin('backend'));
      schedulerB.registerLeases(replicaB.forPlugin('backend'));
      await replicaA.start();
      await replicaB.start();

      const ranOnA = signal();
      const ranOnB = signal();
      // A's run never ends by itself (it hangs, as in a process that was killed). The lease is
      // an hour: only the heartbeat can give the task to B.
      const task = (onRun: () => void, hang: boolean) => ({
        id: 'reindex',
        frequency: { hours: 1 },
        timeout: { hours: 1 },
        run: (abort: AbortSignal) =>
          new Promise<void>(resolve => {
            onRun();
            if (!hang) resolve();
            abort.addEventListener('abort', () => resolve());
          }),
      });
      await schedulerA.forPlugin('search').schedule(task(ranOnA.settle, true));
      schedulerA.start();
      await ranOnA.promise;
      await schedulerB.forPlugin('search').schedule(task(ranOnB.settle, false));
      schedulerB.start();
      expect((await replicaB.list()).map(r => [r.id, r.leases])).toEqual([
        ['replica-a', { 'backend.scheduler': 1 }],
        ['replica-b', {}],
      ]);

      await silence('replica-a');
      expect(await replicaB.beat()).toEqual(['replica-a']);
      await ranOnB.promise;
    },
  );
});
