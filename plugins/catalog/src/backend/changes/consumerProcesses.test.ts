import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineSkipReason, type TestDatabase } from '@callboard/test-utils';
import { createCatalogTestDatabase } from '../database/test/createCatalogTestDatabase';
import { entity } from '../queries/test/fixtures';
import { insertEntities } from '../queries/test/insertEntities';

const script = join(import.meta.dirname, 'test/consumerProcess.ts');

/** A consumer replica as its own process; resolves each line it prints. */
function startReplica(connection: object, name: string, mode: 'hold' | 'run') {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, JSON.stringify(connection), name, mode],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let errors = '';
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(output);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match[0]);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const printed = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const existing = pattern.exec(output);
      if (existing) return resolve(existing[0]);
      waiters.push({ pattern, resolve });
      child.once('exit', code => reject(new Error(`${name} exited (${code}): ${errors}`)));
    });
  return { child, printed };
}

const exited = (child: ChildProcess) =>
  new Promise<void>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/**
 * Replicas as separate processes on one PostgreSQL database, one of them killed with SIGKILL in
 * the middle of a batch (its transaction open, the cursor row locked): the database rolls its
 * writes back when its connection drops, the others wait on the cursor's lock and then apply
 * every change exactly once between them.
 */
describe('change consumers in separate processes', () => {
  const skip = engineSkipReason('pg');
  let db: TestDatabase;
  let knex: Knex;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (skip) return;
    db = await createCatalogTestDatabase('pg');
    knex = db.database.knex;
    await knex.schema.createTable('test_cursor', table => {
      table.text('consumer_id').primary();
      table.bigInteger('position').notNullable();
    });
    await knex.schema.createTable('test_applied', table => {
      table.bigInteger('seq').notNullable();
      table.text('entity_ref').notNullable();
      table.text('replica').notNullable();
    });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await db?.destroy();
  });

  it.skipIf(skip)(
    'apply every change exactly once when one replica is killed mid-batch',
    async () => {
      const names = Array.from({ length: 40 }, (_, i) => `p${String(i).padStart(2, '0')}`);
      await insertEntities(
        knex,
        names.map(name => entity('Component', name)),
      );
      const connection = db.connection!;

      const doomed = startReplica(connection, 'doomed', 'hold');
      children.push(doomed.child);
      await doomed.printed(/holding/);
      // Its first batch is written but not committed: nobody else can see it.
      expect(await knex('test_applied').count('* as n').first()).toEqual({ n: '0' });

      const one = startReplica(connection, 'one', 'run');
      const two = startReplica(connection, 'two', 'run');
      children.push(one.child, two.child);
      doomed.child.kill('SIGKILL');
      await exited(doomed.child);
      const done = await Promise.all([one.printed(/done \d+/), two.printed(/done \d+/)]);
      const handled = done.map(line => Number(line.split(' ')[1]));
      expect(handled[0]! + handled[1]!).toBe(40);

      const applied = (await knex('test_applied').orderBy('seq')) as Array<{
        entity_ref: string;
        replica: string;
      }>;
      expect(applied.map(row => row.entity_ref)).toEqual(
        names.map(name => `component:default/${name}`),
      );
      expect(applied.filter(row => row.replica === 'doomed')).toEqual([]);
      const newest = (await knex('catalog_changes').max('position as position').first()) as {
        position: string;
      };
      expect(await knex('test_cursor').select('consumer_id', 'position')).toEqual([
        { consumer_id: 'multi.process', position: newest.position },
      ]);
    },
  );
});
