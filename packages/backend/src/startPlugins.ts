import express from 'express';
import type { Logger } from 'pino';
import { tablePrefixForPluginId } from '@callboard/plugin-api/common';
import type {
  BackendPlugin,
  CoreServices,
  Lifecycle,
  PluginContext,
  PluginList,
  RepositoryReader,
  RootConfig,
  StartPlugin,
} from '@callboard/plugin-api/backend';
import type { Database } from './database/Database';
import { migratePluginUp } from './database/migratePlugin';
import type { HttpApp } from './http/createHttpApp';
import type { ReplicaRegistry } from './replicas/createReplicaRegistry';
import type { Scheduler } from './scheduler/createScheduler';

/** Ids the core uses for itself (`backend_*` tables, the `app` shell). */
const reservedIds = new Set(['backend', 'app', 'healthz', 'readyz']);

export interface StartPluginsOptions {
  plugins: PluginList;
  core: CoreServices;
  /** Called with each started plugin's kind definitions. */
  addKinds: (kinds: BackendPlugin['kinds'], pluginId: string) => void;
  rootConfig: RootConfig;
  database: Database;
  scheduler: Scheduler;
  replicas: ReplicaRegistry;
  http: HttpApp;
  lifecycle: Lifecycle;
  logger: Logger;
  baseUrl: string;
  reader: RepositoryReader;
}

/**
 * Runs the plugin list: for each plugin, validate its config slice, apply its migrations, give
 * it a context, call its setup, and mount its router. Returns the ids in start order.
 */
export async function startPlugins(options: StartPluginsOptions): Promise<string[]> {
  const started: string[] = [];

  const start: StartPlugin = async <TConfig, TDeps, TApi>(
    plugin: BackendPlugin<TConfig, TDeps, TApi>,
    deps: TDeps,
  ) => {
    if (reservedIds.has(plugin.id)) {
      throw new Error(`"${plugin.id}" is reserved by the backend and cannot be a plugin id`);
    }
    if (started.includes(plugin.id)) {
      throw new Error(`Plugin "${plugin.id}" is started twice in plugins.ts`);
    }
    const config = (
      plugin.configSchema ? options.rootConfig.read(plugin.id, plugin.configSchema) : undefined
    ) as TConfig;
    const logger = options.logger.child({ plugin: plugin.id });
    const applied = await migratePluginUp(options.database.knex, plugin.id, plugin.migrations, {
      serialize: options.database.engine === 'pg',
    });
    if (applied.length > 0) {
      logger.info({ migrations: applied }, 'applied migrations');
    }
    const channelPrefix = tablePrefixForPluginId(plugin.id);
    const router = express.Router();
    const context: PluginContext<TConfig> = {
      pluginId: plugin.id,
      config,
      rootConfig: options.rootConfig,
      logger,
      database: {
        knex: options.database.knex,
        readKnex: options.database.readKnex,
        engine: options.database.engine,
        listen: (channel, onNotify) => options.database.listen(channelPrefix + channel, onNotify),
        notify: (channel, payload, trx) =>
          options.database.notify(channelPrefix + channel, payload, trx),
      },
      router,
      scheduler: options.scheduler.forPlugin(plugin.id),
      lifecycle: options.lifecycle,
      instance: options.replicas.forPlugin(plugin.id),
      baseUrl: options.baseUrl,
      reader: options.reader,
    };
    // Before setup, so the plugin's own code already sees its kinds.
    options.addKinds(plugin.kinds, plugin.id);
    const api = await plugin.setup(context, deps);
    options.http.mountPlugin(plugin.id, router);
    started.push(plugin.id);
    logger.debug('plugin started');
    return api;
  };

  await options.plugins(start, options.core);
  return started;
}
