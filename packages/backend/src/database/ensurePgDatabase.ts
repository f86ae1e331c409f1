import pg from 'pg';
import type { Logger } from 'pino';

/**
 * Creates the configured database on first start when it does not exist yet (as Backstage
 * does), so pointing Callboard at a fresh PostgreSQL server needs no manual step.
 */
export async function ensurePgDatabase(connection: pg.ClientConfig, logger: Logger): Promise<void> {
  const probe = new pg.Client({ ...connection, connectionTimeoutMillis: 10_000 });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') {
      throw new Error(`Cannot connect to PostgreSQL: ${(error as Error).message}`, {
        cause: error,
      });
    }
  } finally {
    await probe.end().catch(() => undefined);
  }
  const target =
    connection.database ??
    (connection.connectionString ? new URL(connection.connectionString).pathname.slice(1) : '');
  if (!target) return;
  const admin = new pg.Client({
    ...connection,
    ...(connection.connectionString
      ? { connectionString: withDatabase(connection.connectionString, 'postgres') }
      : {}),
    database: 'postgres',
  });
  await admin.connect();
  try {
    // Replicas starting together all find the database missing. CREATE DATABASE checks for a
    // duplicate name before it takes its lock, so two of them at once can both get past the check,
    // and the loser fails on pg_database's unique index (23505) rather than with "already exists"
    // (42P04). One creator at a time, and a check under the lock, make both impossible; the codes
    // are still tolerated for a creator that does not use this lock (another tool, an older build).
    await admin.query('select pg_advisory_lock(hashtext($1))', [
      `callboard-create-database:${target}`,
    ]);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [target]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${pg.escapeIdentifier(target)}`);
      logger.info({ database: target }, 'created the database');
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  } finally {
    // Ending the session releases the advisory lock.
    await admin.end().catch(() => undefined);
  }
}

function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}
