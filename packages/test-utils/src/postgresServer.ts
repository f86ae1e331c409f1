import pg from 'pg';

/** The PostgreSQL server tests use (a fresh database per test file is created on it). */
export const testPostgresUrl =
  process.env.CALLBOARD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Template that each test database is cloned from (`CREATE DATABASE … TEMPLATE`). */
export const pgTemplateName = 'callboard_test_template';
/** Every test database's name starts with this, so a run can clean up after crashed ones. */
export const pgTestDatabasePrefix = 'callboard_test_db_';

export interface PgConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

export function connectionFor(database: string): PgConnection {
  const url = new URL(testPostgresUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database,
  };
}

/** Runs `fn` with a client on the server's maintenance database. */
export async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    ...connectionFor(new URL(testPostgresUrl).pathname.slice(1) || 'postgres'),
    connectionTimeoutMillis: 3_000,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
