import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineSkipReason, testEngines, type TestDatabase } from '@callboard/test-utils';
import { createCatalogTestDatabase } from '../database/test/createCatalogTestDatabase';
import { createEntityService } from '../entities/createEntityService';
import { createLocationService } from '../locations/createLocationService';
import {
  componentYaml,
  createMemoryCatalog,
  documents,
  type MemoryCatalog,
} from '../test/memoryCatalog';

/**
 * One entity whose values the database cannot store (issue 13 §1) fails on its own: the rest of
 * its file, its batch and every other location are still served, and the entity carries a
 * problem naming the field. Before, the whole batch's transaction failed and was retried forever.
 */
describe.each(testEngines)('a value the database refuses, on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;
  let catalog: MemoryCatalog;

  beforeAll(async () => {
    if (skip) return;
    db = await createCatalogTestDatabase(engine);
  });
  afterAll(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    if (skip) return;
    const knex = db.database.knex;
    await knex.raw(
      'truncate catalog_locations, catalog_refresh_state, catalog_refresh_references, catalog_relations, catalog_final_entities, catalog_search, catalog_stitch_queue, catalog_conflicts, catalog_orphan_removals',
    );
    catalog = createMemoryCatalog(db);
    catalog.files.set(
      '/good/catalog-info.yaml',
      documents(componentYaml('good-1'), componentYaml('good-2')),
    );
  });

  const hostile: Array<[what: string, value: string, message: string]> = [
    [
      'a NUL character',
      'a\u0000b',
      'metadata.description contains a NUL character, which cannot be stored',
    ],
    [
      'a lone surrogate',
      'a\ud800b',
      'metadata.description contains a lone UTF-16 surrogate (U+D800), which cannot be stored',
    ],
  ];

  for (const [what, value, message] of hostile) {
    it.skipIf(skip)(
      `fails only the entity whose description holds ${what}, with a problem naming the field`,
      async () => {
        catalog.files.set(
          '/mixed/catalog-info.yaml',
          documents(
            componentYaml('before'),
            componentYaml('poisoned', value),
            componentYaml('after'),
          ),
        );
        await catalog.register('/mixed/catalog-info.yaml');
        await catalog.register('/good/catalog-info.yaml');
        await catalog.engine.runUntilIdle();

        const served = await catalog.served();
        expect(served.filter(ref => ref.startsWith('component:'))).toEqual([
          'component:default/after',
          'component:default/before',
          'component:default/good-1',
          'component:default/good-2',
        ]);
        expect(await catalog.problemsOf('component:default/poisoned')).toEqual([
          expect.objectContaining({
            level: 'error',
            field: 'metadata.description',
            message,
          }),
        ]);
      },
    );
  }

  it.skipIf(skip)(
    'keeps serving the last good version of an entity that turns unstorable, with the problem',
    async () => {
      catalog.files.set(
        '/mixed/catalog-info.yaml',
        documents(componentYaml('changing', 'first'), componentYaml('steady')),
      );
      const root = await catalog.register('/mixed/catalog-info.yaml');
      await catalog.engine.runUntilIdle();

      catalog.files.set(
        '/mixed/catalog-info.yaml',
        documents(componentYaml('changing', 'second\u0000'), componentYaml('steady', 'changed')),
      );
      await catalog.refresh(root);
      await catalog.engine.runUntilIdle();

      const served = await servedEntities();
      expect(served.get('component:default/changing')?.metadata.description).toBe('first');
      expect(served.get('component:default/changing')?.status?.items).toEqual([
        expect.objectContaining({
          level: 'error',
          message:
            'InputError: metadata.description contains a NUL character, which cannot be stored',
        }),
      ]);
      expect(served.get('component:default/steady')?.metadata.description).toBe('changed');

      // Fixed by its author: served again, without the problem.
      catalog.files.set(
        '/mixed/catalog-info.yaml',
        documents(componentYaml('changing', 'third'), componentYaml('steady', 'changed')),
      );
      await catalog.refresh(root);
      await catalog.engine.runUntilIdle();
      const fixed = (await servedEntities()).get('component:default/changing');
      expect(fixed?.metadata.description).toBe('third');
      expect(fixed?.status).toBeUndefined();
      expect(await catalog.problemsOf('component:default/changing')).toEqual([]);
    },
  );

  it.skipIf(skip)(
    'refuses a name too long to index on the location that emitted it, naming the document',
    async () => {
      // Pseudo-random, so that PostgreSQL cannot compress it below its index entry limit.
      let seed = 42;
      const longName = Array.from({ length: 3000 }, () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return (seed % 36).toString(36);
      }).join('');
      catalog.files.set(
        '/mixed/catalog-info.yaml',
        documents(componentYaml('before'), componentYaml(longName), componentYaml('after')),
      );
      const root = await catalog.register('/mixed/catalog-info.yaml');
      await catalog.engine.runUntilIdle();

      expect((await catalog.served()).filter(ref => ref.startsWith('component:'))).toEqual([
        'component:default/after',
        'component:default/before',
      ]);
      expect(await catalog.problemsOf(root)).toEqual([
        expect.objectContaining({
          level: 'error',
          file: 'file:/mixed/catalog-info.yaml',
          document: 2,
          field: 'metadata.name',
          message: expect.stringMatching(
            /^metadata\.name is 3000 bytes long; at most \d+ can be stored as part of an entity ref$/,
          ) as string,
        }),
      ]);
    },
  );

  it.skipIf(skip)(
    'fails only the entity whose relation names a ref too long to index',
    async () => {
      // Pseudo-random, so that PostgreSQL cannot compress it below its index entry limit.
      let seed = 7;
      const longOwner = Array.from({ length: 4000 }, () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return (seed % 36).toString(36);
      }).join('');
      catalog.files.set(
        '/mixed/catalog-info.yaml',
        documents(
          componentYaml('before'),
          componentYaml('far-owner').replace('owner: team-a', `owner: group:${longOwner}`),
          componentYaml('after'),
        ),
      );
      await catalog.register('/mixed/catalog-info.yaml');
      await catalog.register('/good/catalog-info.yaml');
      await catalog.engine.runUntilIdle();
      expect((await catalog.served()).filter(ref => ref.startsWith('component:'))).toEqual([
        'component:default/after',
        'component:default/before',
        'component:default/good-1',
        'component:default/good-2',
      ]);
      // No check before writing knows this limit: the refused batch is narrowed down to the entity.
      expect(await catalog.problemsOf('component:default/far-owner')).toEqual([
        {
          type: 'storage',
          level: 'error',
          name: 'InputError',
          message:
            'The database refused to store this entity (54000); its last stored version is kept',
        },
      ]);
    },
  );

  it.skipIf(skip)('refuses a number that JSON cannot hold (YAML .inf)', async () => {
    catalog.files.set(
      '/mixed/catalog-info.yaml',
      documents(
        componentYaml('before'),
        `${componentYaml('infinite')}  replicas: .inf\n`,
        componentYaml('after'),
      ),
    );
    await catalog.register('/mixed/catalog-info.yaml');
    await catalog.engine.runUntilIdle();
    expect((await catalog.served()).filter(ref => ref.startsWith('component:'))).toEqual([
      'component:default/after',
      'component:default/before',
    ]);
    expect(await catalog.problemsOf('component:default/infinite')).toEqual([
      expect.objectContaining({
        field: 'spec.replicas',
        message: 'spec.replicas is Infinity, a number that cannot be stored',
      }),
    ]);
  });

  it.skipIf(skip)(
    "isolates a refusal nobody foresaw to the one entity: in processing, stitching and writing a location's children",
    async () => {
      const knex = db.database.knex;
      // A refusal the checks before writing do not know about: the database rejects one entity.
      await knex.raw(`
        create or replace function refuse_cursed() returns trigger language plpgsql as $$
        begin
          if new.processed_entity::text like '%cursed-processing%' then
            raise exception 'refused by a test trigger' using errcode = '22023';
          end if;
          return new;
        end $$`);
      await knex.raw(`
        create or replace function refuse_cursed_final() returns trigger language plpgsql as $$
        begin
          if new.final_entity like '%cursed-stitching%' then
            raise exception 'refused by a test trigger' using errcode = '22023';
          end if;
          return new;
        end $$`);
      await knex.raw(`
        create or replace function refuse_cursed_child() returns trigger language plpgsql as $$
        begin
          if new.unprocessed_entity::text like '%cursed-child%'
             and new.unprocessed_entity->'$unstorable' is null then
            raise exception 'refused by a test trigger' using errcode = '22023';
          end if;
          return new;
        end $$`);
      await knex.raw(
        'create trigger refuse_cursed before update on catalog_refresh_state for each row execute function refuse_cursed()',
      );
      await knex.raw(
        'create trigger refuse_cursed_child before insert on catalog_refresh_state for each row execute function refuse_cursed_child()',
      );
      await knex.raw(
        'create trigger refuse_cursed_final before insert or update on catalog_final_entities for each row execute function refuse_cursed_final()',
      );
      try {
        catalog.files.set(
          '/mixed/catalog-info.yaml',
          documents(
            componentYaml('before'),
            componentYaml('cursed-processing'),
            componentYaml('cursed-stitching'),
            componentYaml('cursed-child'),
            componentYaml('after'),
          ),
        );
        await catalog.register('/mixed/catalog-info.yaml');
        await catalog.register('/good/catalog-info.yaml');
        await catalog.engine.runUntilIdle();

        expect((await catalog.served()).filter(ref => ref.startsWith('component:'))).toEqual([
          'component:default/after',
          'component:default/before',
          'component:default/good-1',
          'component:default/good-2',
        ]);
        for (const ref of [
          'component:default/cursed-processing',
          'component:default/cursed-stitching',
          'component:default/cursed-child',
        ]) {
          expect(await catalog.problemsOf(ref)).toEqual([
            expect.objectContaining({
              level: 'error',
              message: expect.stringMatching(
                /^The database refused to store this entity \(22023\)/,
              ) as string,
            }),
          ]);
        }
      } finally {
        await knex.raw('drop trigger refuse_cursed on catalog_refresh_state');
        await knex.raw('drop trigger refuse_cursed_child on catalog_refresh_state');
        await knex.raw('drop trigger refuse_cursed_final on catalog_final_entities');
      }
    },
  );

  it.skipIf(skip)('lists the problem of an unstorable entity under /problems', async () => {
    catalog.files.set(
      '/mixed/catalog-info.yaml',
      documents(componentYaml('poisoned', 'a\u0000b'), componentYaml('after')),
    );
    await catalog.register('/mixed/catalog-info.yaml');
    await catalog.engine.runUntilIdle();
    const entities = createEntityService({
      knex: db.database.knex,
      processing: catalog.processing,
      readonly: false,
      replicas: () => Promise.resolve([]),
    });
    expect((await entities.listProblems({ limit: 100 })).items).toEqual([
      {
        type: 'validation',
        level: 'error',
        entityRef: 'component:default/poisoned',
        location: 'file:/mixed/catalog-info.yaml',
        file: 'file:/mixed/catalog-info.yaml',
        document: 1,
        line: 1,
        field: 'metadata.description',
        message: 'metadata.description contains a NUL character, which cannot be stored',
      },
    ]);
  });

  it.skipIf(skip)('refuses to register a location whose target cannot be stored', async () => {
    const locations = createLocationService({
      knex: db.database.knex,
      reader: catalog.processing.reader,
      processing: catalog.processing,
      readonly: false,
      defaultConflictStrategy: 'reject',
    });
    await expect(
      locations.createLocation(
        { type: 'url', target: 'https://git.example.com/a\u0000b/catalog-info.yaml' },
        { dryRun: false },
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'The location target contains a NUL character, which cannot be stored',
    });
    await expect(
      locations.createLocation(
        { type: 'url', target: `https://git.example.com/${'a'.repeat(2_000)}` },
        { dryRun: false },
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'The location target is 2024 bytes long; at most 1000 can be stored',
    });
    expect(await locations.listLocations()).toEqual([]);
  });

  async function servedEntities() {
    const rows = (await db.database
      .knex('catalog_final_entities')
      .select('entity_ref', 'final_entity')) as Array<{ entity_ref: string; final_entity: string }>;
    return new Map(
      rows.map(row => [
        row.entity_ref,
        JSON.parse(row.final_entity) as {
          metadata: { description?: string };
          status?: { items: unknown[] };
        },
      ]),
    );
  }
});
