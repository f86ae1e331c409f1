import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import knexFactory from 'knex';
import ClientPgLite from 'knex-pglite';
import type { Logger } from 'pino';
import { type Database, notifyWith, pingWith, serverVersionWith } from './Database';
import { lockDataDirectory } from './lockDataDirectory';

export interface PgliteOptions {
  /** Keeps the data in this directory; in memory when omitted. */
  directory?: string;
  /** Starts from a dumped data directory (a tarball from `dumpDataDir`), e.g. a test template. */
  loadDataDir?: Blob;
  logger: Logger;
}

/**
 * The embedded engine: PostgreSQL compiled to WebAssembly, in this process. It is ONE
 * connection: code must use the transaction it was given, never the root handle inside one.
 */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  const release = options.directory ? lockDataDirectory(options.directory) : () => {};
  let pglite: PGlite;
  try {
    // pg_trgm (a few kB, loaded only when a plugin creates it) gives search its typo tolerance.
    pglite = await PGlite.create({
      dataDir: options.directory,
      loadDataDir: options.loadDataDir,
      extensions: { pg_trgm },
    });
  } catch (error) {
    release();
    throw error;
  }
  const knex = knexFactory({
    client: ClientPgLite as unknown as typeof knexFactory.Client,
    dialect: 'postgres',
    connection: () => ({ pglite }) as object,
    useNullAsDefault: true,
  });
  options.logger.info(
    { directory: options.directory ?? '(memory)' },
    'opened the embedded database',
  );

  return {
    engine: 'pglite',
    knex,
    readKnex: knex,
    async listen(channel, onNotify) {
      const unlisten = await pglite.listen(channel, onNotify);
      return () => unlisten();
    },
    notify: (channel, payload, trx) => notifyWith(trx ?? knex, channel, payload),
    ping: timeoutMs => pingWith(knex, timeoutMs),
    serverVersion: () => serverVersionWith(knex),
    async close() {
      try {
        // Destroying knex closes its only connection, which closes PGlite.
        await knex.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        release();
      }
    },
  };
}
