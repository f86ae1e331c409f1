import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePluginUp } from '@callboard/backend';
import {
  createTestDatabase,
  engineSkipReason,
  pluginDatabaseOf,
  testEngines,
  type TestDatabase,
} from '@callboard/test-utils';
import type { TaskSpec } from '../../common';
import { scaffolderMigrations } from '../database/migrations';
import { createTaskStore, type TaskStore } from './taskStore';

const spec = (name: string, startOver = false): TaskSpec => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  steps: [],
  output: {},
  parameters: {},
  user: {},
  templateInfo: { entityRef: `template:default/${name}` },
  ...(startOver ? { EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' as const } } : {}),
});

/**
 * Tasks held by a replica that stopped beating are ended (or started over, when the template
 * asks) as soon as the backend's heartbeats say so: before, they stayed "processing" until their
 * lease ran out.
 */
describe.each(testEngines)('scaffolder task leases on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;
  let store: TaskStore;
  let database: ReturnType<typeof pluginDatabaseOf>;
  const hour = 3_600_000;

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    await migratePluginUp(db.database.knex, 'scaffolder', scaffolderMigrations);
    database = pluginDatabaseOf(db.database, 'scaffolder');
    store = createTaskStore({ database });
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it.skipIf(skip)(
    'counts running tasks by replica, and ends or restarts those of a dead one at once',
    async () => {
      const failing = await store.createTask({ spec: spec('plain') });
      expect((await store.claimTask('dead', hour))?.id).toBe(failing.id);
      const restarting = await store.createTask({ spec: spec('again', true) });
      expect((await store.claimTask('dead', hour))?.id).toBe(restarting.id);
      const untouched = await store.createTask({ spec: spec('elsewhere') });
      expect((await store.claimTask('alive', hour))?.id).toBe(untouched.id);
      expect(Object.fromEntries(await store.leasesByOwner())).toEqual({ dead: 2, alive: 1 });

      expect(await store.releaseOwnedBy(['dead'])).toBe(2);
      expect(await store.statusOf(failing.id)).toBe('failed');
      expect(await store.statusOf(restarting.id)).toBe('open');
      expect(await store.statusOf(untouched.id)).toBe('processing');
      expect(Object.fromEntries(await store.leasesByOwner())).toEqual({ alive: 1 });
      // The restarted task is there to be claimed now, by a live replica.
      expect((await store.claimTask('survivor', hour))?.id).toBe(restarting.id);
      expect(await store.releaseOwnedBy(['dead'])).toBe(0);
    },
  );

  it.skipIf(skip)(
    'keeps a task’s secrets out of the database: only the replica holding them runs it',
    async () => {
      const token = 'Token-7777-abc';
      const a = createTaskStore({ database, instanceId: 'replica-a' });
      const b = createTaskStore({ database, instanceId: 'replica-b' });
      const stored = async () =>
        JSON.stringify([
          await database.knex('scaffolder_tasks').select('*'),
          await database.knex('scaffolder_task_events').select('*'),
        ]);

      const held = await a.createTask({ spec: spec('secretive'), secrets: { token } });
      expect(await stored()).not.toContain(token);
      // Another replica leaves it alone; the one holding the secrets runs it, with them.
      expect(await b.claimTask('replica-b', hour)).toBeUndefined();
      const claimed = await a.claimTask('replica-a', hour);
      expect(claimed).toMatchObject({ id: held.id, secrets: { token } });
      await a.completeTask(held.id, 'replica-a', 'failed', { message: 'no', status: 'failed' });

      // Retried through replica b with new secrets: b holds them now.
      await b.retryTask(held.id, { token });
      expect(await stored()).not.toContain(token);
      expect(await a.claimTask('replica-a', hour)).toBeUndefined();
      expect((await b.leasesByOwner()).get('replica-b')).toBe(1);

      // b dies before running it: its secrets are gone, so the task fails and says why.
      expect(await a.releaseOwnedBy(['replica-b'])).toBe(1);
      expect(await a.statusOf(held.id)).toBe('failed');
      const events = await a.listEvents(held.id);
      expect(events.at(-1)!.body.message).toBe(
        'The backend holding this task’s secrets stopped before the task started; the task failed. Retry it with its secrets to run it.',
      );
      expect(await stored()).not.toContain(token);
    },
  );
});
