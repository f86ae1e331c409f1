import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePluginUp } from '@callboard/backend';
import type { Entity } from '@callboard/catalog-model';
import {
  createTestDatabase,
  engineSkipReason,
  pluginDatabaseOf,
  testEngines,
  type TestDatabase,
} from '@callboard/test-utils';
import { scaffolderMigrations } from '../database/migrations';
import { createTaskService } from './createTaskService';
import { createTaskStore } from './taskStore';

const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'plain', namespace: 'default' },
  spec: {
    type: 'service',
    parameters: [{ properties: { name: { type: 'string' }, extra: { type: 'object' } } }],
    steps: [{ id: 'log', action: 'debug:log', input: { message: 'hi' } }],
  },
};

/**
 * A task whose parameters the database cannot store (issue 13 §1) is refused with an input error
 * naming the field, before anything is written. Before, the insert failed inside the database
 * and the request ended in a 500.
 */
describe.each(testEngines)('task parameters the database cannot store, on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;
  let tasks: ReturnType<typeof createTaskService>;

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    await migratePluginUp(db.database.knex, 'scaffolder', scaffolderMigrations);
    tasks = createTaskService({
      store: createTaskStore({ database: pluginDatabaseOf(db.database, 'scaffolder') }),
      catalog: {
        getEntityByRef: ref =>
          Promise.resolve(ref === 'template:default/plain' ? template : undefined),
        registerLocation: () => Promise.reject(new Error('not used')),
      },
    });
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const create = (values: Record<string, unknown>) =>
    tasks.createTask({ templateRef: 'template:default/plain', values });

  it.skipIf(skip)('refuses a NUL character or a lone surrogate, naming the field', async () => {
    await expect(create({ name: 'a\u0000b' })).rejects.toMatchObject({
      name: 'InputError',
      message: 'values.name contains a NUL character, which cannot be stored',
    });
    await expect(create({ name: 'ok', extra: { list: ['x', '\udc00'] } })).rejects.toMatchObject({
      name: 'InputError',
      message:
        'values.extra.list[1] contains a lone UTF-16 surrogate (U+DC00), which cannot be stored',
    });
    await expect(create({ name: 'ok', extra: { 'k\u0000': 1 } })).rejects.toMatchObject({
      name: 'InputError',
      message:
        'values.extra has a key "k\\u0000" that contains a NUL character, which cannot be stored',
    });
    expect(await db.database.knex('scaffolder_tasks').count({ count: '*' })).toEqual([
      { count: engine === 'pg' ? '0' : 0 },
    ]);
  });

  it.skipIf(skip)('still creates a task whose parameters can be stored', async () => {
    const created = await create({ name: 'fine 😀', extra: { nested: [1, 'two'] } });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
