import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineSkipReason, testEngines, type TestDatabase } from '@callboard/test-utils';
import { createCatalogTestDatabase } from '../database/test/createCatalogTestDatabase';
import { createMemoryCatalog } from '../test/memoryCatalog';

/** Characters the database refuses or that often break text handling. */
const hostileCharacters = [
  '\u0000',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ufeff',
  '\ufffe',
  '\u2028',
  '\u0085',
  '\u001b',
  '\\u0000',
  '"',
  "'",
  '\n',
];

/** Strings built to hurt: hostile characters among arbitrary UTF-16, and very long ones. */
const utf16Unit = fc.nat(0xffff).map(code => String.fromCharCode(code));
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  // Any UTF-16 code unit: lone surrogates too.
  fc.string({ unit: utf16Unit, maxLength: 20 }),
  fc
    .tuple(
      fc.string({ unit: utf16Unit, maxLength: 8 }),
      fc.constantFrom(...hostileCharacters),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
    )
    .map(parts => parts.join('')),
  fc
    .tuple(fc.integer({ min: 200, max: 5_000 }), fc.constantFrom('x', 'é', '😀', '\u0000'))
    .map(([length, unit]) => unit.repeat(length)),
);

/** Where in the entity the string goes. */
const places = [
  'description',
  'title',
  'tag',
  'label',
  'annotationValue',
  'annotationKey',
  'specValue',
  'specKey',
  'name',
] as const;
type Place = (typeof places)[number];

function poisonedComponent(place: Place, value: string): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name: place === 'name' ? value : 'poisoned' };
  const spec: Record<string, unknown> = {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-a',
  };
  if (place === 'description') metadata.description = value;
  if (place === 'title') metadata.title = value;
  if (place === 'tag') metadata.tags = ['java', value];
  if (place === 'label') metadata.labels = { tier: value };
  if (place === 'annotationValue') metadata.annotations = { 'example.com/note': value };
  if (place === 'annotationKey') metadata.annotations = { [value]: 'note' };
  if (place === 'specValue') spec.notes = value;
  if (place === 'specKey') spec[value] = 'x';
  return { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata, spec };
}

const component = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, description: 'fine' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

/** Documents as JSON, which YAML reads as it is: every string escaped the way JSON escapes it. */
const file = (...entities: unknown[]) => entities.map(e => JSON.stringify(e)).join('\n---\n');

/**
 * Generated hostile strings, anywhere in one entity, go through the whole pipeline (read, parse,
 * process, write, stitch, search rows) on both engines: every other entity of its file and of
 * another location is served, and the hostile one is served as written or has a problem.
 */
describe.each(testEngines)('hostile values on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;

  beforeAll(async () => {
    if (skip) return;
    db = await createCatalogTestDatabase(engine);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it.skipIf(skip)('never stop the rest of the catalog', async () => {
    const knex = db.database.knex;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...places), hostileString, async (place, value) => {
        await knex.raw(
          'truncate catalog_locations, catalog_refresh_state, catalog_refresh_references, catalog_relations, catalog_final_entities, catalog_search, catalog_stitch_queue, catalog_conflicts, catalog_orphan_removals',
        );
        const catalog = createMemoryCatalog(db);
        catalog.files.set(
          '/mixed/catalog-info.yaml',
          file(component('before'), poisonedComponent(place, value), component('after')),
        );
        catalog.files.set('/other/catalog-info.yaml', file(component('other')));
        const mixed = await catalog.register('/mixed/catalog-info.yaml');
        await catalog.register('/other/catalog-info.yaml');
        await catalog.engine.runUntilIdle();

        const served = await catalog.served();
        expect(served).toEqual(
          expect.arrayContaining([
            'component:default/after',
            'component:default/before',
            'component:default/other',
          ]),
        );
        if (place !== 'name') {
          const row = (await knex('catalog_final_entities')
            .where({ entity_ref: 'component:default/poisoned' })
            .first('final_entity')) as { final_entity: string } | undefined;
          if (row) {
            // Served only as written: nothing was silently changed on the way.
            const entity = JSON.parse(row.final_entity) as Record<string, unknown>;
            expect(JSON.stringify(entity)).toContain(JSON.stringify(value).slice(1, -1));
          } else {
            const problems = [
              ...(await catalog.problemsOf('component:default/poisoned')),
              ...(await catalog.problemsOf(mixed)),
            ];
            expect(problems.length).toBeGreaterThan(0);
          }
        }
      }),
      { seed: 1_307, numRuns: 15, endOnFailure: true },
    );
  });
});
