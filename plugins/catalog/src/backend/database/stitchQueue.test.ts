import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineSkipReason, testEngines, type TestDatabase } from '@callboard/test-utils';
import { entity } from '../queries/test/fixtures';
import { insertEntities } from '../queries/test/insertEntities';
import { writeProcessingResults, type ClaimedEntity } from './refreshStateStore';
import { claimStitches, completeStitches, enqueueStitch, releaseStitches } from './stitchQueue';
import { createCatalogTestDatabase } from './test/createCatalogTestDatabase';

describe.each(testEngines)('the stitch queue on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;
  const owner = 'replica-a';

  beforeAll(async () => {
    if (skip) return;
    db = await createCatalogTestDatabase(engine);
    // One entity that processing has not finished: due since a moment ago.
    await insertEntities(db.database.knex, [entity('Component', 'being-processed')]);
  });
  afterAll(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    if (skip) return;
    await db.database.knex('catalog_stitch_queue').delete();
    await setProcessingDue(true);
  });

  const setProcessingDue = (due: boolean) =>
    db.database.knex('catalog_refresh_state').update({
      next_update_at: due ? db.database.knex.fn.now() : 'infinity',
    });
  const claim = (options: { peerMaxWaitMs?: number } = {}) =>
    claimStitches(db.database.knex, {
      owner,
      limit: 100,
      leaseMs: 60_000,
      debounceMs: 0,
      peerMaxWaitMs: options.peerMaxWaitMs ?? 60_000,
    });
  const queued = async () =>
    Object.fromEntries(
      (
        (await db.database
          .knex('catalog_stitch_queue')
          .select('entity_ref', 'priority')
          .orderBy('entity_ref')) as Array<{ entity_ref: string; priority: number }>
      ).map(row => [row.entity_ref, Number(row.priority)]),
    );

  it.skipIf(skip)(
    'keeps relation peers waiting while entities are due for processing, then stitches them',
    async () => {
      const knex = db.database.knex;
      await enqueueStitch(knex, ['component:default/payments'], 1);
      await enqueueStitch(knex, ['group:default/team-a'], 2);

      const first = await claim();
      expect(first.map(c => c.entityRef)).toEqual(['component:default/payments']);
      await completeStitches(knex, first, owner);
      expect(await claim()).toEqual([]);

      await setProcessingDue(false);
      const second = await claim();
      expect(second).toEqual([
        expect.objectContaining({ entityRef: 'group:default/team-a', priority: 2 }),
      ]);
    },
  );

  it.skipIf(skip)('stitches a peer anyway once it has waited its longest', async () => {
    const knex = db.database.knex;
    await enqueueStitch(knex, ['group:default/team-a'], 2);
    expect(await claim({ peerMaxWaitMs: 5_000 })).toEqual([]);

    await knex('catalog_stitch_queue').update({
      requested_at: knex.raw(`now() - interval '6 seconds'`),
    });
    expect((await claim({ peerMaxWaitMs: 5_000 })).map(c => c.entityRef)).toEqual([
      'group:default/team-a',
    ]);
  });

  it.skipIf(skip)('merges waiting requests at the higher of their priorities', async () => {
    const knex = db.database.knex;
    await enqueueStitch(knex, ['group:default/team-a'], 2);
    await enqueueStitch(knex, ['group:default/team-a'], 1);
    await enqueueStitch(knex, ['group:default/team-a'], 2);
    expect(await queued()).toEqual({ 'group:default/team-a': 1 });
  });

  it.skipIf(skip)(
    "gives a request renewed during its stitch the new request's priority, and a failed round's claim its own back",
    async () => {
      const knex = db.database.knex;
      await enqueueStitch(knex, ['api:default/a', 'api:default/b'], 0);
      const claims = await claim();
      expect(claims.map(c => [c.entityRef, c.priority])).toEqual([
        ['api:default/a', 0],
        ['api:default/b', 0],
      ]);
      // Neighbours change while both are being stitched.
      await enqueueStitch(knex, ['api:default/a', 'api:default/b'], 2);
      expect(await queued()).toEqual({ 'api:default/a': 2, 'api:default/b': 2 });

      // a's stitch succeeds: the renewal stays queued as the peer request it is, and waits.
      await completeStitches(
        knex,
        claims.filter(c => c.entityRef === 'api:default/a'),
        owner,
      );
      // b's round fails: its request is still the urgent one it was.
      await releaseStitches(
        knex,
        claims.filter(c => c.entityRef === 'api:default/b'),
        owner,
      );
      expect(await queued()).toEqual({ 'api:default/a': 2, 'api:default/b': 0 });
      expect((await claim()).map(c => c.entityRef)).toEqual(['api:default/b']);
    },
  );

  it.skipIf(skip)(
    'queues a processed entity at its own priority and the other ends of its relations as peers',
    async () => {
      const knex = db.database.knex;
      const [stored] = await insertEntities(knex, [entity('Component', 'checkout')]);
      const claimedDue = (
        (await knex('catalog_refresh_state')
          .where({ entity_id: stored!.metadata.uid })
          .update({ lease_owner: owner })
          .returning(knex.raw('next_update_at::text as due'))) as Array<{ due: string }>
      )[0]!.due;
      const claimed: ClaimedEntity = {
        entityId: stored!.metadata.uid!,
        entityRef: 'component:default/checkout',
        kind: 'component',
        unprocessedEntity: stored,
        resultHash: null,
        depth: 1,
        priority: 1,
        locationKey: null,
        claimedDue,
      };
      await knex.transaction(trx =>
        writeProcessingResults(
          trx,
          [
            {
              claimed,
              ok: true,
              entity: stored,
              relations: [
                {
                  source: 'component:default/checkout',
                  type: 'ownedBy',
                  target: 'group:default/team-a',
                  reverse: 'ownerOf',
                },
              ],
              problems: [],
              resultHash: 'changed',
              nextUpdateAt: 'infinity',
            },
          ],
          { owner, orphanStrategy: 'delete' },
        ),
      );
      expect(await queued()).toEqual({
        'component:default/checkout': 1,
        'group:default/team-a': 2,
      });
    },
  );
});
