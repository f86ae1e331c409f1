import { isAbsolute, resolve } from 'node:path';
import { durationToMilliseconds } from '@callboard/plugin-api/common';
import { stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import { definePlugin, type EntityKinds } from '@callboard/plugin-api/backend';
import { catalogPluginId } from '../common';
import { catalogConfigSchema, type CatalogConfig } from './config/catalogConfig';
import { catalogPluginMigrations, entitiesChangedChannel } from './database/migrations';
import { catalogLeaseKinds } from './database/catalogLeases';
import { createTableMaintenance } from './database/tableMaintenance';
import { createEntityService } from './entities/createEntityService';
import { createLocationService } from './locations/createLocationService';
import { createCatalogEngine } from './createCatalogEngine';
import type { ProcessingContext } from './processing/processEntity';
import { createCatalogRules } from './processing/rules';
import { createEntitiesQueryService } from './queries/createEntitiesQueryService';
import { createEntitiesRouter } from './queries/createEntitiesRouter';
import { createVersionedCache } from './queries/versionedCache';
import { createRefreshService } from './refresh/createRefreshService';
import { createCatalogRouter } from './router/createCatalogRouter';
import { createReadActivity } from './router/readActivity';
import type { CatalogService } from './CatalogService';
import { readServedRefs } from './database/finalEntitiesStore';
import { createChangeConsumer } from './changes/createChangeConsumer';
import { createChangeFeed } from './changes/createChangeFeed';
import { pruneChanges } from './database/changeFeedStore';
import { locationSourceOf, syncConfigLocationsExclusively } from './database/locationStore';

/** The software catalog: ingestion, processing and Backstage's catalog API at `/api/catalog`. */
export const catalogPlugin = definePlugin<CatalogConfig, { kinds: EntityKinds }, CatalogService>({
  id: catalogPluginId,
  configSchema: catalogConfigSchema,
  migrations: catalogPluginMigrations,
  async setup(context, deps) {
    const { config, logger, database, lifecycle } = context;
    const knex = database.knex;
    const instanceId = context.instance.id;
    // Leases of a replica that stops are given back by the backend at once (ADR 0020).
    for (const kind of catalogLeaseKinds(database)) context.instance.registerLeases(kind);

    const configDir = context.rootConfig.originDir('catalog.locations');
    const configLocations = config.locations.map(location => ({
      ...location,
      target:
        location.type === 'file' && !isAbsolute(location.target)
          ? resolve(configDir, location.target)
          : location.target,
    }));
    const reader = context.reader;

    const rules = createCatalogRules({ rules: config.rules, configLocations });
    const processing: ProcessingContext = {
      reader,
      kinds: () => deps.kinds.registry(),
      rules,
      maxLocationDepth: config.processing.maxLocationDepth,
    };
    const leaseMs = durationToMilliseconds(config.processing.leaseTimeout);
    const reads = createReadActivity();
    const engine = createCatalogEngine({
      database,
      reader,
      kinds: processing.kinds,
      rules,
      logger: logger.child({ component: 'engine' }),
      instanceId,
      originSource: (type, target) => locationSourceOf(knex, type, target),
      orphanStrategy: config.orphanStrategy,
      processingIntervalMs:
        config.processingInterval === false
          ? false
          : config.processingInterval
            ? durationToMilliseconds(config.processingInterval)
            : 100_000,
      batchSize: config.processing.batchSize,
      leaseMs,
      maxLocationDepth: config.processing.maxLocationDepth,
      readConcurrency: config.processing.readConcurrency,
      stitchConcurrency: config.processing.stitchConcurrency,
      ...(config.processing.yieldToReads ? { readsActive: reads.active } : {}),
    });

    const locations = createLocationService({
      knex,
      reader,
      processing,
      readonly: config.readonly,
      defaultConflictStrategy: config.defaultLocationConflictStrategy,
    });
    const entities = createEntityService({
      knex,
      processing,
      readonly: config.readonly,
      replicas: () => context.instance.replicas(),
    });
    const refresh = createRefreshService({ knex, reader, webhookSecret: config.webhooks.secret });
    // Bumped on every committed change to served entities, by any replica (and on a reconnect of
    // the listening connection, which may have missed some).
    let entitiesVersion = 0;
    const changeListeners = new Set<() => void>();
    const unlisten = await database.listen(entitiesChangedChannel, () => {
      entitiesVersion++;
      for (const listener of changeListeners) listener();
    });
    lifecycle.onShutdown(unlisten);
    const queries = createEntitiesQueryService({
      // Reads have connections of their own: a writer's long transaction never makes them wait.
      knex: database.readKnex,
      cache: createVersionedCache({ version: () => entitiesVersion }),
    });

    context.router.use(reads.middleware);
    context.router.use(createEntitiesRouter({ service: queries }));
    context.router.use(createCatalogRouter({ locations, entities, refresh }));

    lifecycle.onStarted(async () => {
      const synced = await syncConfigLocationsExclusively(knex, configLocations);
      logger.info(
        { configLocations: configLocations.length, ...synced },
        'synced config locations',
      );
      await engine.start();
    });
    const maintenance = createTableMaintenance({
      knex,
      // PGlite runs on the event loop: ANALYZE samples a bounded number of rows, while VACUUM
      // reads whole tables and would stall every request for seconds at 100k entities.
      vacuum: database.engine === 'pg',
      logger: logger.child({ component: 'maintenance' }),
    });
    await context.scheduler.schedule({
      id: 'table-maintenance',
      frequency: { seconds: 15 },
      timeout: { minutes: 15 },
      initialDelay: { seconds: 2 },
      run: async () => {
        await maintenance.runIfDue();
      },
    });
    lifecycle.onShutdown(() => engine.stop());

    const feed = createChangeFeed({
      // Not the read pool: reading the feed first gives newly visible changes their positions.
      knex,
      subscribe(listener) {
        changeListeners.add(listener);
        return () => changeListeners.delete(listener);
      },
    });
    const retentionMs = durationToMilliseconds(config.changes.retention);
    await context.scheduler.schedule({
      id: 'change-feed-prune',
      frequency: { minutes: 5 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 30 },
      run: async () => {
        const pruned = await pruneChanges(knex, { retentionMs });
        if (pruned.deleted > 0) logger.debug(pruned, 'pruned the change feed');
      },
    });

    const service: CatalogService = {
      async getEntityByRef(ref) {
        const [entity] = await service.getEntitiesByRefs([ref]);
        return entity;
      },
      async getEntitiesByRefs(refs) {
        const items = await queries.getEntitiesByRefs({ entityRefs: [...refs] });
        // The query service answers serialized JSON (it streams pages without re-encoding).
        return items.map(item => (item === null ? undefined : (JSON.parse(item) as Entity)));
      },
      listEntityRefs: () => readServedRefs(database.readKnex),
      async registerLocation(target, { dryRun }) {
        const result = await locations.createLocation({ type: 'url', target }, { dryRun });
        return { entityRefs: result.entities.map(entity => stringifyEntityRef(entity)) };
      },
      refresh: ref => refresh.refreshEntity(ref),
      changes: {
        ...feed,
        consume: consumer => createChangeConsumer({ ...consumer, feed }),
      },
      whenIdle: timeoutMs => engine.runUntilIdle(timeoutMs),
    };
    return service;
  },
});
