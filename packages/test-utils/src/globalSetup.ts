import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { choosePostgresServer, type ChosenPostgresServer } from './choosePostgresServer';
import {
  createdAt,
  pgTemplatePrefix,
  pgTestDatabasePrefix,
  testPostgresVariable,
  timestampedName,
  withAdminClient,
} from './postgresServer';
import { isCi } from './requirement';

/** Leftovers older than this come from crashed runs; younger ones may belong to a run in progress. */
const staleAfterMs = 6 * 60 * 60 * 1000;

/**
 * Runs once before all test files: dumps an initialised PGlite data directory (cloning it takes
 * ~0.4 s, a fresh initdb ~3 s), picks the PostgreSQL server (the local cluster, the one
 * CALLBOARD_TEST_PG_URL names, or an embedded one it starts) and prepares a template database on
 * it. When no server can be had, database tests on it skip loudly — or, under CI=true, the run
 * fails. The teardown stops what the setup started.
 */
export async function setup(): Promise<() => Promise<void>> {
  const workDir = mkdtempSync(join(tmpdir(), 'callboard-tests-'));

  const pglite = await PGlite.create();
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const templatePath = join(workDir, 'pglite-template.tar');
  writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
  process.env.CALLBOARD_PGLITE_TEMPLATE = templatePath;

  const templateName = timestampedName(pgTemplatePrefix);
  let server: ChosenPostgresServer | undefined;
  try {
    server = await choosePostgresServer();
    // Test files (forked after this) and the backend processes they start read it from here.
    process.env[testPostgresVariable] = server.url;
    await withAdminClient(async client => {
      await dropStaleDatabases(client);
      await client.query(`create database ${pg.escapeIdentifier(templateName)}`);
    });
    process.env.CALLBOARD_PG_TEMPLATE = templateName;
    delete process.env.CALLBOARD_PG_UNAVAILABLE;
    console.log(`PostgreSQL tests run on ${server.description}`);
  } catch (error) {
    await server?.stop?.().catch(() => undefined);
    const reason = (error as Error).message;
    if (isCi()) {
      throw new Error(`PostgreSQL is required under CI=true: ${reason}`, { cause: error });
    }
    process.env.CALLBOARD_PG_UNAVAILABLE = reason;
    console.warn(`\n\n*** PostgreSQL tests will be SKIPPED: ${reason} ***\n\n`);
  }

  return async () => {
    rmSync(workDir, { recursive: true, force: true });
    if (!process.env.CALLBOARD_PG_UNAVAILABLE) {
      await withAdminClient(async client => {
        await client.query(
          `drop database if exists ${pg.escapeIdentifier(templateName)} with (force)`,
        );
      }).catch(() => undefined);
    }
    await server?.stop?.();
  };
}

/** Drops what crashed runs left behind on a server that outlives runs. */
async function dropStaleDatabases(client: pg.Client): Promise<void> {
  const existing = await client.query<{ datname: string }>(
    `select datname from pg_database where datname like $1 or datname like $2`,
    [`${pgTestDatabasePrefix}%`, `${pgTemplatePrefix}%`],
  );
  for (const { datname } of existing.rows) {
    const created =
      createdAt(datname, pgTestDatabasePrefix) ?? createdAt(datname, pgTemplatePrefix);
    if (created !== undefined && Date.now() - created > staleAfterMs) {
      await client.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
    }
  }
}
