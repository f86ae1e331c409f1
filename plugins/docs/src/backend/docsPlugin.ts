import { z } from 'zod';
import { definePlugin } from '@callboard/plugin-api/backend';
import { durationSchema, durationToMilliseconds } from '@callboard/plugin-api/common';
import { docsPluginId } from '../common';
import { createSiteBuilder } from './build/siteBuilder';
import type { DocsCatalog } from './DocsCatalog';
import { createDocsStore } from './database/docsStore';
import { docsMigrations } from './database/migrations';
import { createDocsRouter } from './router/createDocsRouter';

const docsConfigSchema = z
  .object({
    build: z
      .object({
        /** Sites built side by side on one replica. */
        concurrency: z.number().int().min(1).max(16).default(1),
        /** One build (rendering only) is ended after this long. */
        timeout: durationSchema.default({ minutes: 2 }),
        maxMemoryMb: z.number().int().min(64).default(512),
        /** A docs folder holding more than this is refused before it is read. */
        maxBytes: z
          .number()
          .int()
          .min(1)
          .default(64 * 1024 * 1024),
      })
      .prefault({}),
    /**
     * How often every site's commit is asked for again, so that a push the catalog does not
     * see (the entity's own YAML unchanged) still reaches the docs.
     */
    refreshInterval: durationSchema.default({ minutes: 5 }),
  })
  .prefault({});

export type DocsConfig = z.infer<typeof docsConfigSchema>;

const buildChannel = 'build';

/**
 * Docs: every entity's TechDocs-compatible Markdown site, read from its repository at its commit,
 * built in a worker thread, stored in the plugin's `docs_*` tables and served at `/api/docs`.
 */
export const docsPlugin = definePlugin<DocsConfig, { catalog: DocsCatalog }, void>({
  id: docsPluginId,
  configSchema: docsConfigSchema,
  migrations: docsMigrations,
  async setup(context, deps) {
    const { config, database, logger, lifecycle } = context;
    const store = createDocsStore({
      knex: database.knex,
      readKnex: database.readKnex,
      instanceId: context.instance.id,
    });
    context.instance.registerLeases({
      id: 'builds',
      countByOwner: () => store.leasesByOwner(),
      release: owners => store.releaseOwnedBy(owners),
    });
    const timeoutMs = durationToMilliseconds(config.build.timeout);
    const builder = createSiteBuilder({
      store,
      catalog: deps.catalog,
      reader: context.reader,
      logger: logger.child({ component: 'builder' }),
      // Reading and storing come on top of rendering's own deadline.
      leaseMs: timeoutMs * 2 + 60_000,
      maxBytes: config.build.maxBytes,
      worker: { timeoutMs, maxMemoryMb: config.build.maxMemoryMb },
      concurrency: config.build.concurrency,
      pollIntervalMs: 2_000,
    });
    const requestBuild = async (entityRefs: string[]) => {
      await store.requestBuilds(database.knex, entityRefs, { forced: true });
      await database.notify(buildChannel);
      builder.wake();
    };
    createDocsRouter({
      router: context.router,
      store,
      catalog: deps.catalog,
      reader: context.reader,
      requestBuild,
    });

    // Every change to an entity (new, changed, gone) has its site looked at again: the builder
    // finds out whether it has docs and whether their source or commit moved.
    const consumer = deps.catalog.changes.consume({
      consumerId: 'docs.sites',
      knex: database.knex,
      cursorTable: 'docs_change_cursor',
      logger,
      async handle(changes, trx) {
        await store.requestBuilds(trx, [...new Set(changes.map(change => change.entityRef))], {
          forced: false,
        });
        await database.notify(buildChannel, undefined, trx);
      },
      async resync(trx) {
        await store.requestAll(trx);
        await database.notify(buildChannel, undefined, trx);
      },
    });
    await context.scheduler.schedule({
      id: 'refresh-sites',
      frequency: config.refreshInterval,
      initialDelay: config.refreshInterval,
      timeout: { minutes: 1 },
      async run() {
        await store.requestAll(database.knex);
        await database.notify(buildChannel);
      },
    });

    let unlisten: (() => Promise<void>) | undefined;
    lifecycle.onStarted(async () => {
      unlisten = await database.listen(buildChannel, () => builder.wake());
      consumer.start();
      builder.start();
    });
    lifecycle.onShutdown(async () => {
      await consumer.stop();
      await builder.stop();
      await unlisten?.();
    });
  },
});
