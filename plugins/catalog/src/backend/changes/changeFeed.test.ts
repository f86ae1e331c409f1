import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  engineSkipReason,
  eventually,
  testEngines,
  testLogger,
  type TestDatabase,
} from '@callboard/test-utils';
import { stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import { pruneChanges } from '../database/changeFeedStore';
import { createCatalogTestDatabase } from '../database/test/createCatalogTestDatabase';
import { entity } from '../queries/test/fixtures';
import { insertEntities } from '../queries/test/insertEntities';
import { createChangeConsumer, type CatalogChangeFeed } from './createChangeConsumer';
import { createChangeFeed } from './createChangeFeed';

const logger = testLogger();

async function createCursorTables(knex: Knex) {
  await knex.schema.createTable('test_cursor', table => {
    table.text('consumer_id').primary();
    table.bigInteger('position').notNullable();
  });
  await knex.schema.createTable('test_applied', table => {
    table.bigInteger('seq').notNullable();
    table.text('entity_ref').notNullable();
    table.text('change').notNullable();
  });
}

const refOf = (e: Entity) => stringifyEntityRef(e);

describe.each(testEngines)('the change feed on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;
  let knex: Knex;
  let feed: CatalogChangeFeed;

  beforeAll(async () => {
    if (skip) return;
    db = await createCatalogTestDatabase(engine);
    knex = db.database.knex;
    feed = createChangeFeed({ knex, subscribe: () => () => {} });
    await createCursorTables(knex);
  });
  afterAll(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    if (skip) return;
    await knex('catalog_final_entities').delete();
    await knex('catalog_refresh_state').delete();
    await knex('catalog_changes').delete();
    await knex('catalog_change_consumers').delete();
    await knex('catalog_change_feed_state').update({ pruned_through: 0 });
    await knex('test_cursor').delete();
    await knex('test_applied').delete();
  });

  /** The newest delivered position. */
  async function newest(): Promise<number> {
    const row = (await knex('catalog_changes').max('position as position').first()) as {
      position: string | null;
    };
    return Number(row.position ?? 0);
  }

  it.skipIf(skip)(
    'records every change to a served entity, in order, whatever wrote it',
    async () => {
      const start = await newest();
      const [a, b] = await insertEntities(knex, [entity('Component', 'a'), entity('API', 'b')]);
      // Unchanged (same hash): no change recorded.
      await knex('catalog_final_entities')
        .where({ entity_id: a!.metadata.uid })
        .update({ updated_at: knex.fn.now() });
      await knex('catalog_final_entities')
        .where({ entity_id: a!.metadata.uid })
        .update({ hash: 'changed', final_entity: '{}' });
      // A rename keeps the entity id.
      await knex('catalog_final_entities')
        .where({ entity_id: b!.metadata.uid })
        .update({ entity_ref: 'api:default/b2' });
      await knex('catalog_final_entities').where({ entity_id: a!.metadata.uid }).delete();

      const page = await feed.read({ after: start, limit: 100 });
      expect(page.resync).toBe(false);
      expect(page.items.map(item => [item.change, item.entityRef])).toEqual([
        ['upsert', 'api:default/b'],
        ['upsert', 'component:default/a'],
        ['upsert', 'component:default/a'],
        ['delete', 'api:default/b'],
        ['upsert', 'api:default/b2'],
        ['delete', 'component:default/a'],
      ]);
      const seqs = page.items.map(item => item.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(page.next).toBe(seqs.at(-1));
      expect(await feed.read({ after: page.next, limit: 100 })).toEqual({
        items: [],
        next: page.next,
        resync: false,
      });
      // Pages: the same changes, two at a time.
      const first = await feed.read({ after: start, limit: 2 });
      expect(first.items.map(item => item.seq)).toEqual(seqs.slice(0, 2));
    },
  );

  it.skipIf(skip)(
    'applies each change exactly once across two replicas and a batch that dies midway',
    async () => {
      const entities = await insertEntities(
        knex,
        Array.from({ length: 30 }, (_, i) => entity('Component', `c${String(i).padStart(2, '0')}`)),
      );
      let failOnce = true;
      const consumer = (name: string) =>
        createChangeConsumer({
          consumerId: 'test.consumer',
          feed,
          knex,
          cursorTable: 'test_cursor',
          batchSize: 7,
          logger: logger.child({ replica: name }),
          resync: async () => {
            throw new Error('no resync expected');
          },
          async handle(changes, trx) {
            await trx('test_applied').insert(
              changes.map(c => ({ seq: c.seq, entity_ref: c.entityRef, change: c.change })),
            );
            if (name === 'doomed' && failOnce) {
              // Killed after writing half of its batch: the writes and the cursor roll back.
              failOnce = false;
              throw new Error('killed mid-batch');
            }
          },
        });
      await expect(consumer('doomed').catchUp()).rejects.toThrow('killed mid-batch');
      expect(
        Number(((await knex('test_applied').count('* as n').first()) as { n: string }).n),
      ).toBe(0);
      const [one, two] = await Promise.all([consumer('one').catchUp(), consumer('two').catchUp()]);
      expect(one + two).toBe(30);
      const applied = (await knex('test_applied').orderBy('seq')) as Array<{ entity_ref: string }>;
      expect(applied.map(row => row.entity_ref)).toEqual(entities.map(refOf).sort());
      const cursor = (await knex('test_cursor').first()) as { position: string };
      expect(Number(cursor.position)).toBe(await newest());
      const acknowledged = (await knex('catalog_change_consumers').first()) as {
        consumer_id: string;
        position: string;
      };
      expect([acknowledged.consumer_id, Number(acknowledged.position)]).toEqual([
        'test.consumer',
        await newest(),
      ]);
    },
  );

  it.skipIf(skip)(
    'tries a failed batch again by itself, without waiting for the next change',
    async () => {
      await insertEntities(knex, [entity('Component', 'retried')]);
      let attempts = 0;
      const consumer = createChangeConsumer({
        consumerId: 'retrying',
        feed,
        knex,
        cursorTable: 'test_cursor',
        logger,
        retryMs: 10,
        resync: async () => {},
        async handle(changes, trx) {
          attempts++;
          if (attempts === 1) throw new Error('the database blinked');
          await trx('test_applied').insert(
            changes.map(c => ({ seq: c.seq, entity_ref: c.entityRef, change: c.change })),
          );
        },
      });
      // No NOTIFY ever comes from this feed: only the retry can apply the batch.
      consumer.start();
      try {
        const applied = await eventually(async () => {
          const rows = (await knex('test_applied')) as Array<{ entity_ref: string }>;
          if (rows.length === 0) throw new Error('not applied yet');
          return rows.map(row => row.entity_ref);
        });
        expect(applied).toEqual(['component:default/retried']);
        expect(attempts).toBe(2);
      } finally {
        await consumer.stop();
      }
    },
  );

  it.skipIf(skip)(
    'prunes what every consumer has passed, and sends one that fell behind to resync',
    async () => {
      await insertEntities(knex, [entity('Component', 'x'), entity('Component', 'y')]);
      const all = await feed.read({ after: 0, limit: 100 });
      const [x, y] = all.items;
      await feed.acknowledge('fast', y!.seq);
      await feed.acknowledge('slow', x!.seq);
      expect(await pruneChanges(knex, { retentionMs: 86_400_000 })).toEqual({
        prunedThrough: x!.seq,
        deleted: 1,
      });
      expect((await feed.read({ after: x!.seq, limit: 100 })).items.map(i => i.seq)).toEqual([
        y!.seq,
      ]);
      // Past the retention window, rows go whatever the consumers say.
      await knex('catalog_changes').update({ changed_at: knex.raw("now() - interval '2 days'") });
      expect(await pruneChanges(knex, { retentionMs: 86_400_000 })).toEqual({
        prunedThrough: y!.seq,
        deleted: 1,
      });
      const behind = await feed.read({ after: x!.seq, limit: 100 });
      expect(behind).toEqual({ items: [], next: y!.seq, resync: true });

      let resynced = 0;
      const consumer = createChangeConsumer({
        consumerId: 'slow',
        feed,
        knex,
        cursorTable: 'test_cursor',
        logger,
        handle: async () => {},
        resync: async () => {
          resynced++;
        },
      });
      await knex('test_cursor').insert({ consumer_id: 'slow', position: x!.seq });
      expect(await consumer.catchUp()).toBe(0);
      expect(resynced).toBe(1);
      expect(Number(((await knex('test_cursor').first()) as { position: string }).position)).toBe(
        y!.seq,
      );
    },
  );
});

describe('the change feed under concurrent writers on pg', () => {
  const skip = engineSkipReason('pg');
  let db: TestDatabase;

  beforeAll(async () => {
    if (skip) return;
    db = await createCatalogTestDatabase('pg');
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it.skipIf(skip)('never skips a change whose transaction commits after a later one', async () => {
    const knex = db.database.knex;
    const feed = createChangeFeed({ knex, subscribe: () => () => {} });
    const [early] = await insertEntities(knex, [entity('Component', 'early')]);
    const start = (await feed.read({ after: 0, limit: 10 })).next;
    const slow = await knex.transaction();
    let first;
    try {
      // Takes the smaller seq and stays open...
      await slow('catalog_final_entities')
        .where({ entity_id: early!.metadata.uid })
        .update({ hash: 'slow' });
      // ...while another writer takes the next seq and commits first.
      await insertEntities(knex, [entity('Component', 'late')]);
      first = await feed.read({ after: start, limit: 10 });
      expect(first.items.map(item => item.entityRef)).toEqual(['component:default/late']);
    } finally {
      await slow.commit();
    }
    // A cursor past the later change still gets the earlier one, once it is committed.
    const second = await feed.read({ after: first.next, limit: 10 });
    expect(second.items.map(item => item.entityRef)).toEqual(['component:default/early']);
  });
});
