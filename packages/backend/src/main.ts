import { parseArgs } from 'node:util';
import { ConfigError } from './config/ConfigError';
import { loadConfig } from './config/loadConfig';
import { DataDirectoryLockedError } from './database/lockDataDirectory';
import { createLogger } from './logger';
import { plugins } from './plugins';
import { startBackend } from './startBackend';
import { repositoryRoot } from './version';

/** `npm run serve -- --config extra.yaml [--config more.yaml]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string', multiple: true } },
    allowPositionals: false,
  });
  const logger = createLogger();
  const config = loadConfig({ rootDir: repositoryRoot, configFiles: values.config ?? [] });
  const backend = await startBackend({ config, plugins, logger });

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    backend.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirectoryLockedError) {
    // Messages written for the person who wrote the config: no stack trace.
    console.error(`\nCallboard cannot start: ${error.message}\n`);
  } else {
    console.error('\nCallboard failed to start:', error);
  }
  process.exit(1);
});
