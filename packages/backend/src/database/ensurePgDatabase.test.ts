import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import {
  engineSkipReason,
  testLogger,
  unusedPgDatabase,
  type UnusedPgDatabase,
} from '@callboard/test-utils';
import { ensurePgDatabase } from './ensurePgDatabase';

/**
 * Replicas started together on a server without their database all try to create it. Without a
 * lock, two CREATE DATABASE statements can both pass the duplicate check, and the loser fails on
 * pg_database's unique index (seen as "duplicate key … pg_database_datname_index" at start-up).
 */
describe('creating the database when several backends start at once', () => {
  const skip = engineSkipReason('pg');
  const databases: UnusedPgDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map(database => database.drop()));
  });

  it.skipIf(skip)('creates it once, and none of the starters fails', async () => {
    // Several rounds: the race needs two creators inside the same few milliseconds.
    for (let round = 0; round < 5; round++) {
      const database = unusedPgDatabase();
      databases.push(database);
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => ensurePgDatabase(database.connection, testLogger())),
      );
      expect(results.filter(result => result.status === 'rejected')).toEqual([]);
      const client = new pg.Client(database.connection);
      await client.connect();
      try {
        expect((await client.query('select current_database() as name')).rows).toEqual([
          { name: database.connection.database },
        ]);
      } finally {
        await client.end();
      }
    }
  });
});
