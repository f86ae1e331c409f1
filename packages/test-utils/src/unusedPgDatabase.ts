import pg from 'pg';
import {
  connectionFor,
  pgTestDatabasePrefix,
  timestampedName,
  withAdminClient,
  type PgConnection,
} from './postgresServer';

export interface UnusedPgDatabase {
  /** A connection to a database that does not exist yet (its name is a test database's). */
  connection: PgConnection;
  /** Drops it, if whatever was tested created it. */
  drop(): Promise<void>;
}

/**
 * A name for a database nobody created yet, on the test server: for tests of what happens when
 * backends start on a server without their database. The name carries the test prefix, so a run
 * that crashed leaves nothing the next run does not clean up.
 */
export function unusedPgDatabase(): UnusedPgDatabase {
  const name = timestampedName(pgTestDatabasePrefix);
  return {
    connection: connectionFor(name),
    drop: () =>
      withAdminClient(async client => {
        await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      }),
  };
}
