import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PluginDatabase } from '@callboard/plugin-api/backend';
import {
  engineSkipReason,
  pluginDatabaseOf,
  testEngines,
  type TestDatabase,
} from '@callboard/test-utils';
import { entity } from '../queries/test/fixtures';
import { insertEntities } from '../queries/test/insertEntities';
import { catalogLeaseKinds } from './catalogLeases';
import { claimDueEntities } from './refreshStateStore';
import { claimStitches, enqueueStitch } from './stitchQueue';
import { createCatalogTestDatabase } from './test/createCatalogTestDatabase';

/**
 * The catalog's leases as the backend's replica registry sees them: who holds how many, and
 * giving back those of a replica that died, so that another claims them at once. Before the
 * registry, they stayed claimed for the whole lease (2 minutes by default).
 */
describe.each(testEngines)("the catalog's leases on %s", engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;
  let database: PluginDatabase;
  const wakeUps: string[] = [];
  const hour = 3_600_000;

  beforeAll(async () => {
    if (skip) return;
    db = await createCatalogTestDatabase(engine);
    // What the plugin is handed: channels scoped to `catalog_`.
    database = pluginDatabaseOf(db.database, 'catalog');
    for (const channel of ['process', 'stitch']) {
      await database.listen(channel, () => void wakeUps.push(channel));
    }
    await insertEntities(
      db.database.knex,
      ['a', 'b', 'c', 'd', 'e'].map(name => entity('Component', name)),
    );
  });
  afterAll(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    if (skip) return;
    const knex = db.database.knex;
    await knex('catalog_stitch_queue').delete();
    await knex('catalog_refresh_state').update({
      lease_owner: null,
      lease_expires_at: null,
      next_update_at: knex.fn.now(),
    });
    wakeUps.length = 0;
  });

  const kind = (id: string) => catalogLeaseKinds(database).find(k => k.id === id)!;
  const until = (condition: () => boolean) =>
    new Promise<void>(resolve => {
      const check = () => (condition() ? resolve() : setTimeout(check, 10));
      check();
    });

  it.skipIf(skip)(
    'counts the entities each replica is processing, and gives back those of a dead one',
    async () => {
      const knex = db.database.knex;
      const dead = await claimDueEntities(knex, { owner: 'dead', limit: 3, leaseMs: hour });
      const alive = await claimDueEntities(knex, { owner: 'alive', limit: 1, leaseMs: hour });
      // An expired lease is held by nobody.
      await claimDueEntities(knex, { owner: 'expired', limit: 1, leaseMs: -1 });
      expect(Object.fromEntries(await kind('processing').countByOwner())).toEqual({
        dead: 3,
        alive: 1,
      });

      expect(await kind('processing').release(['dead'])).toBe(3);
      expect(Object.fromEntries(await kind('processing').countByOwner())).toEqual({ alive: 1 });
      await until(() => wakeUps.includes('process'));
      // The survivor takes them now, not when their hour is up.
      const taken = await claimDueEntities(knex, { owner: 'survivor', limit: 10, leaseMs: hour });
      expect(taken.map(e => e.entityRef).sort()).toEqual(
        [...dead.map(e => e.entityRef), 'component:default/e'].sort(),
      );
      expect(taken.map(e => e.entityRef)).not.toContain(alive[0]!.entityRef);
      // Twice is harmless: two survivors may both notice the same death.
      expect(await kind('processing').release(['dead'])).toBe(0);
    },
  );

  it.skipIf(skip)(
    'counts the stitch requests each replica is stitching, and gives back those of a dead one',
    async () => {
      const knex = db.database.knex;
      await enqueueStitch(knex, ['component:default/a', 'component:default/b'], 0);
      const dead = await claimStitches(knex, { owner: 'dead', limit: 10, leaseMs: hour });
      expect(dead).toHaveLength(2);
      await enqueueStitch(knex, ['component:default/c'], 0);
      await claimStitches(knex, { owner: 'alive', limit: 10, leaseMs: hour });
      expect(Object.fromEntries(await kind('stitching').countByOwner())).toEqual({
        dead: 2,
        alive: 1,
      });
      expect(await claimStitches(knex, { owner: 'survivor', limit: 10, leaseMs: hour })).toEqual(
        [],
      );

      expect(await kind('stitching').release(['dead'])).toBe(2);
      await until(() => wakeUps.includes('stitch'));
      const taken = await claimStitches(knex, { owner: 'survivor', limit: 10, leaseMs: hour });
      expect(taken.map(claim => claim.entityRef).sort()).toEqual([
        'component:default/a',
        'component:default/b',
      ]);
      expect(Object.fromEntries(await kind('stitching').countByOwner())).toEqual({
        survivor: 2,
        alive: 1,
      });
    },
  );
});
