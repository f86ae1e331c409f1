import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { defaultKindRegistry, type KindRegistry } from '@callboard/catalog-model';
import type {
  BackendInfo,
  EntityKinds,
  Lifecycle,
  PluginList,
} from '@callboard/plugin-api/backend';
import { readAppConfig } from './config/appConfig';
import { readBackendConfig } from './config/backendConfig';
import { createRootConfig } from './config/createRootConfig';
import type { LoadedConfig } from './config/loadConfig';
import type { Database } from './database/Database';
import { coreMigrations } from './database/coreMigrations';
import { migratePluginUp } from './database/migratePlugin';
import { openDatabase } from './database/openDatabase';
import { createHttpApp } from './http/createHttpApp';
import { createLogger } from './logger';
import { createReplicaRegistry, type ReplicaRegistry } from './replicas/createReplicaRegistry';
import { createScheduler } from './scheduler/createScheduler';
import { startPlugins } from './startPlugins';
import { readVersion, repositoryRoot } from './version';
import { createRepositoryReader, readReadingConfig } from '@callboard/reading';

export interface StartBackendOptions {
  config: LoadedConfig;
  plugins: PluginList;
  logger?: Logger;
  /** An already open database (tests clone template databases); otherwise opened from config. */
  database?: Database;
  /** Where the built frontend lives (default `packages/app/dist`). */
  appDistDir?: string;
  /** Poll interval of the scheduler (tests shorten it). */
  schedulerPollIntervalMs?: number;
}

export interface RunningBackend {
  /** Where the server listens, e.g. `http://127.0.0.1:7007`. */
  url: string;
  server: Server;
  database: Database;
  info: BackendInfo;
  /** The entity kinds the catalog accepts (core kinds plus plugins'). */
  kinds: EntityKinds;
  /** Graceful shutdown: stop accepting, finish requests, stop tasks, run hooks, close the database. */
  close(): Promise<void>;
}

/**
 * The composition root. The server listens first (so `/healthz` answers during start-up), then
 * the database is opened and migrated and the plugins are started; `/readyz` turns 200 at the end
 * and the returned promise resolves. Errors in `backend.*` config are thrown before anything
 * listens; a plugin's bad config fails the start and closes everything again.
 */
export async function startBackend(options: StartBackendOptions): Promise<RunningBackend> {
  const rootConfig = createRootConfig(options.config);
  const backendConfig = readBackendConfig(rootConfig);
  const appConfig = readAppConfig(rootConfig);
  const logger = options.logger ?? createLogger();
  const instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const startedHooks: Array<() => Promise<void> | void> = [];
  const shutdownHooks: Array<() => Promise<void> | void> = [];
  const lifecycle: Lifecycle = {
    onStarted: hook => void startedHooks.push(hook),
    onShutdown: hook => void shutdownHooks.push(hook),
  };

  let database: Database | undefined = options.database;
  let scheduler: ReturnType<typeof createScheduler> | undefined;
  let replicas: ReplicaRegistry | undefined;
  let pluginIds: string[] = [];

  const http = createHttpApp({
    logger,
    csp: backendConfig.csp,
    appTitle: appConfig.title,
    appDistDir: options.appDistDir ?? resolve(repositoryRoot, 'packages/app/dist'),
    checkDatabase: async () => {
      if (!database) throw new Error('the database is not open yet');
      await database.ping(2_000);
    },
  });
  const server = createServer(http.app);
  server.listen(backendConfig.listen.port, backendConfig.listen.host ?? '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`;
  // An explicit port 0 (tests) means "any free port": the public URL follows the real one.
  const baseUrl =
    backendConfig.listen.port === 0 && !rootConfig.get('backend.baseUrl')
      ? url
      : backendConfig.baseUrl;

  const version = readVersion();
  const startedAt = new Date();
  const info: BackendInfo = {
    version,
    instanceId,
    startedAt,
    get engine() {
      return database?.engine ?? backendConfig.database.client;
    },
    databaseServerVersion: async () => (database ? database.serverVersion() : 'not connected'),
    pluginIds: () => pluginIds,
    scheduledTasks: async () => (scheduler ? scheduler.list() : []),
    replicas: async () => (replicas ? replicas.list() : []),
  };

  let kindRegistry: KindRegistry = defaultKindRegistry;
  const kinds: EntityKinds = { registry: () => kindRegistry };

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      http.setReady(false);
      const closed = new Promise<void>(done => server.close(() => done()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), backendConfig.shutdownTimeoutMs);
      force.unref();
      await closed;
      clearTimeout(force);
      await scheduler?.stop();
      for (const hook of shutdownHooks.reverse()) {
        try {
          await hook();
        } catch (error) {
          logger.error({ err: error }, 'a shutdown hook failed');
        }
      }
      // Whatever this replica still holds goes back now, not when its leases expire.
      await replicas?.stop().catch((error: unknown) => {
        logger.error({ err: error }, 'could not give back the leases of this replica');
      });
      await database?.close();
      logger.info('stopped');
    })();
    return closing;
  };

  const boot = async (): Promise<Database> => {
    database ??= await openDatabase(backendConfig.database, logger);
    await migratePluginUp(database.knex, 'backend', coreMigrations, {
      serialize: database.engine === 'pg',
    });
    replicas = createReplicaRegistry({
      database,
      instanceId,
      host: hostname(),
      pid: process.pid,
      version,
      startedAt,
      logger: logger.child({ component: 'replicas' }),
      heartbeatIntervalMs: backendConfig.heartbeat.intervalMs,
      heartbeatTimeoutMs: backendConfig.heartbeat.timeoutMs,
      // The embedded database is locked to one process: other rows are processes that died.
      exclusive: database.engine === 'pglite',
    });
    scheduler = createScheduler({
      database,
      instanceId,
      logger: logger.child({ component: 'scheduler' }),
      pollIntervalMs: options.schedulerPollIntervalMs,
    });
    scheduler.registerLeases(replicas.forPlugin('backend'));
    // One reader for every plugin: one allow-list, one set of credentials, one checkout cache.
    // Registered before any plugin's hooks, so it closes after all of them (hooks run in reverse).
    const reader = createRepositoryReader({
      config: readReadingConfig(rootConfig, baseUrl),
      logger: logger.child({ component: 'reader' }),
    });
    lifecycle.onShutdown(() => reader.close());
    pluginIds = await startPlugins({
      plugins: options.plugins,
      core: { info, kinds },
      addKinds: (definitions, pluginId) => {
        if (definitions.length === 0) return;
        kindRegistry = kindRegistry.extend(definitions);
        logger.info(
          { plugin: pluginId, kinds: [...new Set(definitions.map(d => d.kind))] },
          'registered entity kinds',
        );
      },
      rootConfig,
      database,
      scheduler,
      replicas,
      http,
      lifecycle,
      logger,
      baseUrl,
      reader,
    });
    // Before any lease is taken (the hooks start the plugins' workers): the row says who owns them.
    await replicas.start();
    for (const hook of startedHooks) {
      await hook();
    }
    scheduler.start();
    http.setReady(true);
    logger.info({ url, plugins: pluginIds, database: database.engine }, 'Callboard is ready');
    return database;
  };

  logger.info({ url }, 'listening; starting up');
  try {
    const opened = await boot();
    return { url, server, database: opened, info, kinds, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
