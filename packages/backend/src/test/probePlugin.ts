import { z } from 'zod';
import { join } from 'node:path';
import { InputError, NotFoundError, ServiceUnavailableError } from '@callboard/plugin-api/common';
import { definePlugin, parseJsonBody, parseParams } from '@callboard/plugin-api/backend';

/** What the probe plugin exposes to tests: the notifications it heard and whether it was shut down. */
export interface ProbeState {
  heard: string[];
  shutDown: boolean;
  taskRuns: number;
}

/**
 * A plugin that uses every part of the plugin context, so the tests exercise the contract
 * through the real server: config slice, migrations, router, typed errors, LISTEN/NOTIFY,
 * the scheduler and shutdown hooks.
 */
export function createProbePlugin(
  state: ProbeState,
  options: { id?: string; foreignTable?: boolean } = {},
) {
  const id = options.id ?? 'probe';
  const table = `${id.replace(/-/g, '_')}_items`;
  return definePlugin({
    id,
    configSchema: z
      .object({ greeting: z.string().min(1).default('hello') })
      .default({ greeting: 'hello' }),
    migrations: [
      {
        name: '20260101000000_create_items',
        async up(knex) {
          await knex.schema.createTable(options.foreignTable ? 'not_my_table' : table, t => {
            t.increments('id');
            t.text('name').notNullable().unique();
          });
        },
        async down(knex) {
          await knex.schema.dropTable(options.foreignTable ? 'not_my_table' : table);
        },
      },
    ],
    async setup(context) {
      const { router, database, config, scheduler, lifecycle } = context;
      await database.listen('ping', payload => state.heard.push(payload));
      await scheduler.schedule({
        id: 'count',
        frequency: { hours: 1 },
        timeout: { seconds: 10 },
        initialDelay: { hours: 1 },
        run: async () => {
          state.taskRuns++;
        },
      });
      lifecycle.onShutdown(() => {
        state.shutDown = true;
      });

      router.get('/greeting', (_req, res) => {
        res.json({ greeting: config.greeting, baseUrl: context.baseUrl });
      });
      router.post('/items', async (req, res) => {
        const body = parseJsonBody(req, z.object({ name: z.string().min(1) }));
        const [row] = (await database
          .knex(table)
          .insert({ name: body.name })
          .returning(['id', 'name'])) as Array<{ id: number; name: string }>;
        res.status(201).json(row);
      });
      router.get('/items/:id', async (req, res) => {
        const { id: itemId } = parseParams(req, z.object({ id: z.coerce.number().int() }));
        const row = (await database.knex(table).where({ id: itemId }).first()) as unknown;
        if (!row) throw new NotFoundError(`No item with id ${itemId}`);
        res.json(row);
      });
      router.get('/boom', () => {
        throw new Error('secret internal detail');
      });
      router.get('/database-boom', async () => {
        await database.knex.raw('select * from probe_missing_table where secret = ?', ['x']);
      });
      router.get('/stack-boom', () => {
        const recurse = (depth: number): number => recurse(depth + 1) + 1;
        recurse(0);
      });
      router.get('/wrapped-boom', async () => {
        try {
          await database.knex.raw('select * from probe_missing_table');
        } catch (error) {
          throw new InputError(`Could not list items: ${(error as Error).message}`);
        }
      });
      router.get('/unavailable', () => {
        throw new ServiceUnavailableError(
          `Try again later (failed at ${join(import.meta.dirname, 'probePlugin.ts')}:12:3)`,
        );
      });
      router.post('/notify', async (req, res) => {
        const body = parseJsonBody(req, z.object({ payload: z.string() }));
        await database.notify('ping', body.payload);
        res.status(204).end();
      });
      router.post('/run-task', async (_req, res) => {
        await scheduler.triggerNow('count');
        res.status(202).end();
      });
    },
  });
}
