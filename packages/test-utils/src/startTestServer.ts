import type { PluginList } from '@callboard/plugin-api/backend';
import {
  loadConfig,
  plugins as defaultPlugins,
  repositoryRoot,
  startBackend,
  type RunningBackend,
} from '@callboard/backend';
import { createTestDatabase, testLogger, type TestDatabase, type TestEngine } from './testDatabase';

export interface TestServerOptions {
  /** The plugin list to start (default: the backend's own `plugins.ts`). */
  plugins?: PluginList;
  /** Config layered on top of the defaults (app-config.yaml is NOT read: tests are hermetic). */
  config?: Record<string, unknown>;
  engine?: TestEngine;
  schedulerPollIntervalMs?: number;
  /** A built frontend to serve (default `packages/app/dist`). */
  appDistDir?: string;
  /** Config files layered under `config` (relative paths in them resolve against their folder). */
  configFiles?: string[];
}

export interface TestServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  backend: RunningBackend;
  testDatabase: TestDatabase;
  /** `fetch` relative to the server. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the real backend in this process on a free loopback port, on a fresh database. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const logger = testLogger();
  const testDatabase = await createTestDatabase(options.engine ?? 'pglite', { logger });
  const config = loadConfig({
    rootDir: repositoryRoot,
    readDefaultFiles: false,
    configFiles: options.configFiles,
    overrides: [
      {
        backend: {
          listen: { port: 0, host: '127.0.0.1' },
          database: testDatabase.connection
            ? { client: 'pg', connection: testDatabase.connection }
            : { client: 'pglite' },
        },
      },
      ...(options.config ? [options.config] : []),
    ],
    env: {},
  });
  let backend: RunningBackend;
  try {
    backend = await startBackend({
      config,
      plugins: options.plugins ?? defaultPlugins,
      logger,
      database: testDatabase.database,
      schedulerPollIntervalMs: options.schedulerPollIntervalMs ?? 100,
      appDistDir: options.appDistDir,
    });
  } catch (error) {
    await testDatabase.destroy().catch(() => undefined);
    throw error;
  }
  return {
    url: backend.url,
    backend,
    testDatabase,
    fetch: (path, init) => fetch(new URL(path, backend.url), init),
    async close() {
      await backend.close();
      // The backend closed the database handle; drop the server database too.
      await testDatabase.destroy().catch(() => undefined);
    },
  };
}
