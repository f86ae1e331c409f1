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
    await admin.query(`create database ${pg.escapeIdentifier(target)}`);
    logger.info({ database: target }, 'created the database');
  } catch (error) {
    // Another replica created it at the same moment.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await admin.end();
  }
}

function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}
