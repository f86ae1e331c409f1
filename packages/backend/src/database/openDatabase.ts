import type { Logger } from 'pino';
import type { DatabaseConfig } from '../config/backendConfig';
import type { Database } from './Database';
import { openPg } from './openPg';
import { openPglite } from './openPglite';

export function openDatabase(config: DatabaseConfig, logger: Logger): Promise<Database> {
  return config.client === 'pg'
    ? openPg(config, logger)
    : openPglite({ directory: config.directory, logger });
}
