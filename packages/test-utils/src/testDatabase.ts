import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Logger } from 'pino';
import { createLogger, openPg, openPglite, type Database } from '@callboard/backend';
import {
  connectionFor,
  type PgConnection,
  pgTemplateName,
  pgTestDatabasePrefix,
  timestampedName,
  withAdminClient,
} from './postgresServer';
import { skipReason } from './requirement';

export type TestEngine = 'pglite' | 'pg';

/** Both engines: database tests run against each (DESIGN.md §5). */
export const testEngines: readonly TestEngine[] = ['pglite', 'pg'];

export interface TestDatabase {
  engine: TestEngine;
  database: Database;
  /** The PostgreSQL connection of a `pg` test database (for config, or a second process). */
  connection?: PgConnection;
  /** Closes the database and, on the server, drops it. */
  destroy(): Promise<void>;
}

export function testLogger(): Logger {
  return createLogger({ level: process.env.LOG_LEVEL ?? 'warn', pretty: false });
}

/** Undefined when the engine can be used here; otherwise why not (throws under CI=true). */
export function engineSkipReason(engine: TestEngine): string | undefined {
  return engine === 'pg'
    ? skipReason('PostgreSQL', process.env.CALLBOARD_PG_UNAVAILABLE)
    : undefined;
}

/**
 * A fresh, empty database: PGlite cloned from the dumped template (in memory), or a new
 * database on the PostgreSQL server cloned from the template database.
 */
export async function createTestDatabase(
  engine: TestEngine,
  options: { logger?: Logger } = {},
): Promise<TestDatabase> {
  const logger = options.logger ?? testLogger();
  if (engine === 'pglite') {
    const templatePath = process.env.CALLBOARD_PGLITE_TEMPLATE;
    const database = await openPglite({
      logger,
      loadDataDir: templatePath ? new Blob([readFileSync(templatePath)]) : undefined,
    });
    return { engine, database, destroy: () => database.close() };
  }

  const name = timestampedName(pgTestDatabasePrefix);
  await withAdminClient(client =>
    client.query(
      `create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(pgTemplateName())}`,
    ),
  );
  const connection = connectionFor(name);
  const database = await openPg({ client: 'pg', connection }, logger);
  return {
    engine,
    database,
    connection,
    async destroy() {
      await database.close();
      await withAdminClient(client =>
        client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`),
      );
    },
  };
}
