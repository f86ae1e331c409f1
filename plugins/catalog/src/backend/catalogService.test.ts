import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type PluginList } from '@callboard/plugin-api/backend';
import {
  engineSkipReason,
  eventually,
  startGitServer,
  startTestServer,
  testEngines,
  type TestGitServer,
  type TestServer,
} from '@callboard/test-utils';
import { catalogPlugin } from './catalogPlugin';
import type { CatalogService } from './CatalogService';

const component = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n`;

/** A plugin that follows the catalog the way docs and search will: its own cursor, its own rows. */
const probePlugin = definePlugin<undefined, { catalog: CatalogService }, { knex: Knex }>({
  id: 'probe',
  migrations: [
    {
      name: '20261207130000_probe_tables',
      async up(knex) {
        await knex.schema.createTable('probe_cursor', table => {
          table.text('consumer_id').primary();
          table.bigInteger('position').notNullable();
        });
        await knex.schema.createTable('probe_seen', table => {
          table.text('entity_ref').primary();
          table.text('change').notNullable();
        });
      },
      async down(knex) {
        await knex.schema.dropTable('probe_seen');
        await knex.schema.dropTable('probe_cursor');
      },
    },
  ],
  setup(context, deps) {
    const consumer = deps.catalog.changes.consume({
      consumerId: 'probe.seen',
      knex: context.database.knex,
      cursorTable: 'probe_cursor',
      logger: context.logger,
      async handle(changes, trx) {
        for (const change of changes) {
          await trx('probe_seen')
            .insert({ entity_ref: change.entityRef, change: change.change })
            .onConflict('entity_ref')
            .merge();
        }
      },
      async resync() {},
    });
    context.lifecycle.onStarted(() => consumer.start());
    context.lifecycle.onShutdown(() => consumer.stop());
    return { knex: context.database.knex };
  },
});

describe.each(testEngines)('the catalog service other plugins get, on %s', engine => {
  const skip = engineSkipReason(engine);
  let git: TestGitServer;
  let server: TestServer;
  let catalog: CatalogService;
  let probe: { knex: Knex };

  beforeAll(async () => {
    if (skip) return;
    git = await startGitServer();
    const plugins: PluginList = async (start, core) => {
      catalog = await start(catalogPlugin, { kinds: core.kinds });
      probe = await start(probePlugin, { catalog });
    };
    server = await startTestServer({
      engine,
      plugins,
      config: {
        integrations: { git: [{ host: git.host }] },
        backend: { reading: { allow: [{ host: git.host }] } },
        catalog: { processingInterval: { minutes: 30 } },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await git?.close();
  });

  it.skipIf(skip)('registers, finds and feeds a consumer that is woken by the change', async () => {
    const repo = await git.createRepository('service/feed.git', {
      'catalog-info.yaml': component('fed-service'),
    });
    const preview = await catalog.registerLocation(repo.cloneUrl, { dryRun: true });
    expect(preview.entityRefs).toHaveLength(2);
    expect(preview.entityRefs[0]).toMatch(/^location:default\/generated-[0-9a-f]{40}$/);
    expect(preview.entityRefs[1]).toBe('component:default/fed-service');
    expect(await catalog.getEntityByRef('component:default/fed-service')).toBeUndefined();
    await catalog.registerLocation(repo.cloneUrl, { dryRun: false });
    await catalog.whenIdle();

    const entity = await catalog.getEntityByRef('Component:default/FED-SERVICE');
    expect(entity?.metadata.name).toBe('fed-service');
    expect(await catalog.getEntitiesByRefs(['component:default/fed-service', 'nope:'])).toEqual([
      entity,
      undefined,
    ]);
    expect(await catalog.listEntityRefs()).toEqual([
      'component:default/fed-service',
      preview.entityRefs[0],
    ]);
    const seen = await eventually(async () => {
      const rows = (await probe.knex('probe_seen').orderBy('entity_ref')) as Array<{
        entity_ref: string;
        change: string;
      }>;
      if (!rows.some(row => row.entity_ref === 'component:default/fed-service')) {
        throw new Error(`not yet: ${JSON.stringify(rows)}`);
      }
      return rows;
    });
    expect(seen).toContainEqual({ entity_ref: 'component:default/fed-service', change: 'upsert' });
    // The location's own entity is served, so it was fed too.
    expect(seen.some(row => row.entity_ref.startsWith('location:'))).toBe(true);
  });
});
