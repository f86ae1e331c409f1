import { definePlugin } from '@callboard/plugin-api/backend';
import { versionsPluginId } from '../common';
import { createCatalogFollower } from './catalogFollower';
import { versionsConfigSchema, type VersionsConfig } from './config';
import { startExampleSeeding } from './exampleSeeding';
import { requireExternalAccess } from './externalAccess';
import { versionsMigrations } from './migrations';
import { addVersionsRoutes } from './router';
import type { VersionsCatalog } from './versionsCatalog';
import { createVersionsService, type VersionsService } from './versionsService';

export interface VersionsApi {
  service: VersionsService;
  /** Follows the catalog and reads due tags until nothing is left now (tests, scripts). */
  syncNow(): Promise<void>;
  /** Reads every source's tags again now, as the periodic task does. */
  refreshAllTags(): Promise<void>;
}

/**
 * Which version of each component runs in which environment (`/api/versions`): deployments
 * reported by CI with a static token, releases from tags and the API, environments from config
 * and the catalog.
 */
export const versionsPlugin = definePlugin<
  VersionsConfig,
  { catalog: VersionsCatalog },
  VersionsApi
>({
  id: versionsPluginId,
  configSchema: versionsConfigSchema,
  migrations: versionsMigrations,
  async setup(context, deps) {
    const service = createVersionsService({
      knex: context.database.knex,
      readKnex: context.database.readKnex,
      catalog: deps.catalog,
      configuredEnvironments: context.config.environments,
    });
    addVersionsRoutes(
      context.router,
      service,
      requireExternalAccess(context.rootConfig, versionsPluginId),
    );
    const follower = createCatalogFollower({
      knex: context.database.knex,
      catalog: deps.catalog,
      reader: context.reader,
      logger: context.logger,
    });
    // Tags change without the entity changing (a push): read them all again now and then.
    await context.scheduler.schedule({
      id: 'refresh-tags',
      frequency: { minutes: 30 },
      timeout: { minutes: 10 },
      initialDelay: { minutes: 30 },
      async run() {
        await follower.requestAllTags();
        await follower.runOnce();
      },
    });
    context.lifecycle.onStarted(() => follower.start());
    context.lifecycle.onShutdown(() => follower.stop());
    if (context.config.examples) {
      startExampleSeeding({
        service,
        knex: context.database.knex,
        catalog: deps.catalog,
        logger: context.logger,
        lifecycle: context.lifecycle,
      });
    }
    return {
      service,
      syncNow: () => follower.runOnce(),
      async refreshAllTags() {
        await follower.requestAllTags();
        await follower.runOnce();
      },
    };
  },
});
