import pg from 'pg';

/** The variable naming the PostgreSQL server of the tests (a URL, or `embedded`). */
export const testPostgresVariable = 'CALLBOARD_TEST_PG_URL';
/** The server tried when the variable is unset: a local cluster with trust auth. */
export const defaultTestPostgresUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The PostgreSQL server tests use (a fresh database per test file is created on it). The global
 * setup replaces `embedded`, or an unusable default, with the URL of the server it started.
 */
export function testPostgresUrl(): string {
  return process.env[testPostgresVariable] || defaultTestPostgresUrl;
}

/**
 * Every test database's name starts with this and then the creation time in base 36, so a run
 * can clean up what crashed runs left behind without touching a run in progress.
 */
export const pgTestDatabasePrefix = 'callboard_test_db_';
/** Templates (one per test run) that each test database is cloned from. */
export const pgTemplatePrefix = 'callboard_test_tpl_';

/** A database name: prefix, creation time, random suffix. */
export function timestampedName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 10)}`;
}

/** When a timestamped database was created, or undefined for other names. */
export function createdAt(name: string, prefix: string): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const stamp = name.slice(prefix.length).split('_')[0] ?? '';
  const time = parseInt(stamp, 36);
  return Number.isFinite(time) ? time : undefined;
}

/** The template of the current test run (set by the global setup). */
export function pgTemplateName(): string {
  const name = process.env.CALLBOARD_PG_TEMPLATE;
  if (!name)
    throw new Error(
      'No PostgreSQL test template: run tests through vitest (globalSetup prepares it)',
    );
  return name;
}

export interface PgConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

export function connectionFor(database: string, serverUrl = testPostgresUrl()): PgConnection {
  const url = new URL(serverUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database,
  };
}

/** Runs `fn` with a client on the server's maintenance database. */
export async function withAdminClient<T>(
  fn: (client: pg.Client) => Promise<T>,
  serverUrl = testPostgresUrl(),
): Promise<T> {
  const client = new pg.Client({
    ...connectionFor(new URL(serverUrl).pathname.slice(1) || 'postgres', serverUrl),
    connectionTimeoutMillis: 3_000,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
