import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineSkipReason, testEngines, type TestDatabase } from '@callboard/test-utils';
import { createCatalogTestDatabase } from '../database/test/createCatalogTestDatabase';
import { retargetLocation } from '../database/locationStore';
import type { LocationRow } from '../database/tables';
import { componentYaml, createMemoryCatalog, documents } from '../test/memoryCatalog';

const file = '/repo/catalog-info.yaml';
const names = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
const refs = (list: string[]) => list.map(name => `component:default/${name}`).sort();

/**
 * A change to a location never hides the rest of it (issue 13 §6): what it defined before stays
 * served until what it defines now is served. Before, renaming every entity of a location in one
 * push deleted the old ones in the same transaction that queued the new ones, and the catalog
 * served neither for seconds. The served entities are looked at after every commit of a
 * processing run driven round by round.
 */
describe.each(testEngines)('changing a location while it is served, on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;

  beforeAll(async () => {
    if (skip) return;
    db = await createCatalogTestDatabase(engine);
  });
  afterAll(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    if (skip) return;
    await db.database.knex.raw(
      'truncate catalog_locations, catalog_refresh_state, catalog_refresh_references, catalog_relations, catalog_final_entities, catalog_search, catalog_stitch_queue, catalog_conflicts, catalog_orphan_removals',
    );
  });

  /**
   * Ingests `before`, changes the file to `after`, and returns the served components after each
   * commit of the change's processing, and at its end.
   */
  async function servedAcrossChange(before: string[], after: string[]) {
    const seen: string[][] = [];
    let watching = false;
    const catalog = createMemoryCatalog(db, {
      // Small batches: more steps to look between.
      batchSize: 7,
      afterCommit: async () => {
        if (watching) seen.push(components(await catalog.served()));
      },
    });
    catalog.files.set(file, documents(...before.map(name => componentYaml(name))));
    const root = await catalog.register(file);
    await catalog.engine.runUntilIdle();
    expect(components(await catalog.served())).toEqual(refs(before));

    catalog.files.set(file, documents(...after.map(name => componentYaml(name, 'changed'))));
    await catalog.refresh(root);
    watching = true;
    await catalog.engine.runUntilIdle();
    return { seen, final: components(await catalog.served()) };
  }

  /** At each step, everything of the old version or everything of the new one is served. */
  function expectNeverLess(seen: string[][], before: string[], after: string[]) {
    expect(seen.length).toBeGreaterThan(3);
    for (const [step, served] of seen.entries()) {
      const has = (list: string[]) => refs(list).every(ref => served.includes(ref));
      expect(
        { step, served, all: has(before) || has(after) },
        'every step serves all of the old or all of the new version',
      ).toMatchObject({ all: true });
    }
  }

  it.skipIf(skip)('serves the old entities until the renamed ones are served', async () => {
    const before = [...names('old', 30), 'steady'];
    const after = [...names('new', 30), 'steady'];
    const { seen, final } = await servedAcrossChange(before, after);
    expectNeverLess(seen, before, after);
    expect(final).toEqual(refs(after));
  });

  it.skipIf(skip)(
    'keeps what a shrinking location still defines, then removes the rest',
    async () => {
      const before = [...names('old', 20), ...names('kept', 5)];
      const after = [...names('kept', 5), ...names('new', 3)];
      const { seen, final } = await servedAcrossChange(before, after);
      expectNeverLess(seen, before, after);
      for (const served of seen)
        expect(served).toEqual(expect.arrayContaining(refs(names('kept', 5))));
      expect(final).toEqual(refs(after));
    },
  );

  it.skipIf(skip)(
    'waits for the whole new tree when a nested location is replaced with its entities',
    async () => {
      const seen: string[][] = [];
      let watching = false;
      const catalog = createMemoryCatalog(db, {
        batchSize: 7,
        afterCommit: async () => {
          if (watching) seen.push(components(await catalog.served()));
        },
      });
      const nested = (name: string, target: string) =>
        `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: ${name}\nspec:\n  target: ${target}\n`;
      const before = names('old', 12);
      const after = names('new', 12);
      catalog.files.set('/tree/index.yaml', nested('services-a', './a.yaml'));
      catalog.files.set('/tree/a.yaml', documents(...before.map(name => componentYaml(name))));
      catalog.files.set('/tree/b.yaml', documents(...after.map(name => componentYaml(name))));
      const root = await catalog.register('/tree/index.yaml');
      await catalog.engine.runUntilIdle();
      expect(components(await catalog.served())).toEqual(refs(before));

      catalog.files.set('/tree/index.yaml', nested('services-b', './b.yaml'));
      await catalog.refresh(root);
      watching = true;
      await catalog.engine.runUntilIdle();
      expectNeverLess(seen, before, after);
      expect(components(await catalog.served())).toEqual(refs(after));
    },
  );

  it.skipIf(skip)(
    'serves the old target’s entities until the new target’s are served (PUT /locations)',
    async () => {
      const seen: string[][] = [];
      let watching = false;
      const catalog = createMemoryCatalog(db, {
        batchSize: 7,
        afterCommit: async () => {
          if (watching) seen.push(components(await catalog.served()));
        },
      });
      const before = [...names('old', 20), 'steady'];
      const after = [...names('new', 20), 'steady'];
      catalog.files.set(
        '/one/catalog-info.yaml',
        documents(...before.map(name => componentYaml(name))),
      );
      catalog.files.set(
        '/two/catalog-info.yaml',
        documents(...after.map(name => componentYaml(name))),
      );
      await catalog.register('/one/catalog-info.yaml');
      await catalog.engine.runUntilIdle();
      expect(components(await catalog.served())).toEqual(refs(before));

      const knex = db.database.knex;
      const row = (await knex('catalog_locations').first()) as LocationRow;
      await retargetLocation(knex, row, { type: 'file', target: '/two/catalog-info.yaml' });
      // Right after the change, nothing is gone yet.
      expect(components(await catalog.served())).toEqual(refs(before));
      watching = true;
      await catalog.engine.runUntilIdle();
      expectNeverLess(seen, before, after);
      expect(components(await catalog.served())).toEqual(refs(after));
      const roots = (await knex('catalog_refresh_state')
        .where({ kind: 'location' })
        .pluck('entity_ref')) as string[];
      expect(roots).toHaveLength(1);
      expect(
        Number(
          ((await knex('catalog_orphan_removals').count('* as n').first()) as { n: string }).n,
        ),
      ).toBe(0);
    },
  );
});

function components(served: string[]): string[] {
  return served.filter(ref => ref.startsWith('component:'));
}
