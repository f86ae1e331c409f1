import knexFactory, { type Knex } from 'knex';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { DatabaseConfig } from '../config/backendConfig';
import { type Database, notifyWith, pingWith, serverVersionWith } from './Database';
import { ensurePgDatabase } from './ensurePgDatabase';
import { PgNotificationHub } from './PgNotificationHub';

type PgConfig = Extract<DatabaseConfig, { client: 'pg' }>;

/** A PostgreSQL server (the production shape): a pool for queries, one connection for LISTEN. */
export async function openPg(config: PgConfig, logger: Logger): Promise<Database> {
  const connection: pg.ClientConfig =
    typeof config.connection === 'string'
      ? { connectionString: config.connection }
      : { ...config.connection };
  await ensurePgDatabase(connection, logger);
  const poolOf = (min: number, max: number) =>
    knexFactory({
      client: 'pg',
      connection: connection as Knex.PgConnectionConfig,
      pool: { min, max },
      acquireConnectionTimeout: 30_000,
    });
  const knex = poolOf(config.pool?.min ?? 0, config.pool?.max ?? 10);
  const readKnex = poolOf(0, config.readPool?.max ?? 10);
  const hub = new PgNotificationHub(connection, logger);
  const database: Database = {
    engine: 'pg',
    knex,
    readKnex,
    listen: (channel, onNotify) => hub.listen(channel, onNotify),
    notify: (channel, payload, trx) => notifyWith(trx ?? knex, channel, payload),
    ping: timeoutMs => pingWith(knex, timeoutMs),
    serverVersion: () => serverVersionWith(knex),
    async close() {
      await hub.close();
      await Promise.all([knex.destroy(), readKnex.destroy()]);
    },
  };
  logger.info(
    { host: connection.host ?? '(from connection string)', database: connection.database },
    'connected to PostgreSQL',
  );
  return database;
}
