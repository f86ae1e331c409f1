import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineSkipReason, testEngines, type TestDatabase } from '@callboard/test-utils';
import type { FilterPredicate } from '../../common/entities';
import {
  createEntitiesQueryService,
  type EntitiesQueryService,
} from '../queries/createEntitiesQueryService';
import { sampleCatalog } from '../queries/test/fixtures';
import { insertEntities } from '../queries/test/insertEntities';
import { createCatalogTestDatabase } from './test/createCatalogTestDatabase';

/** Each predicate and the names it must select from the sample catalog. */
const cases: Array<[string, FilterPredicate, string[]]> = [
  [
    'equality, any case',
    { KIND: 'COMPONENT', 'Spec.Type': 'SERVICE' },
    ['service-a', 'service-b', 'service-d'],
  ],
  ['numbers and booleans as strings', { 'spec.replicas': 3, 'spec.managed': true }, ['db']],
  ['$in', { kind: { $in: ['group', 'User'] } }, ['jane', 'team-a', 'team-b']],
  [
    '$exists',
    { 'spec.lifecycle': { $exists: true }, kind: 'component' },
    ['service-a', 'service-b', 'service-d'],
  ],
  ['$exists false', { 'spec.lifecycle': { $exists: false }, kind: 'component' }, ['website-c']],
  [
    'default namespace without one',
    { 'metadata.namespace': 'default', kind: 'component' },
    ['service-a', 'service-b', 'website-c'],
  ],
  ['tag presence', { 'metadata.tags.java': { $exists: true } }, ['service-a', 'service-d']],
  ['tag value, any case', { 'metadata.tags': 'BACKEND' }, ['service-a']],
  [
    'relations',
    { 'relations.ownedBy': 'group:default/team-a' },
    ['api-a', 'service-a', 'website-c'],
  ],
  [
    'dotted annotation key',
    { 'metadata.annotations.github.com/project-slug': 'org/a' },
    ['service-a'],
  ],
  ['nested object', { 'spec.profile.displayName': 'jane doe' }, ['jane']],
  [
    '$not',
    { $not: { kind: 'component' } },
    ['api-a', 'db', 'jane', 'root', 'sys', 'team-a', 'team-b'],
  ],
  [
    '$not of $exists',
    { $all: [{ kind: 'component' }, { $not: { 'metadata.tags': { $exists: true } } }] },
    ['website-c'],
  ],
  ['$any', { $any: [{ kind: 'system' }, { 'metadata.name': 'db' }] }, ['db', 'sys']],
  [
    '$all of $any',
    {
      $all: [
        { kind: 'component' },
        { $any: [{ 'spec.owner': 'team-b' }, { 'metadata.tags': 'java' }] },
      ],
    },
    ['service-a', 'service-b', 'service-d'],
  ],
  [
    '$hasPrefix, any case',
    { 'metadata.name': { $hasPrefix: 'SERVICE-' } },
    ['service-a', 'service-b', 'service-d'],
  ],
  ['$hasPrefix escapes LIKE wildcards', { 'metadata.name': { $hasPrefix: 'serv_ce' } }, []],
  ['$contains a string', { 'metadata.tags': { $contains: 'java' } }, ['service-a', 'service-d']],
  [
    '$contains a relation',
    { relations: { $contains: { type: 'ownedBy', targetRef: 'group:default/team-b' } } },
    ['service-b', 'service-d'],
  ],
  ['$contains a relation type', { relations: { $contains: { type: 'memberOf' } } }, ['jane']],
  [
    '$contains a relation target',
    { relations: { $contains: { targetRef: 'system:default/sys' } } },
    ['service-a'],
  ],
  [
    '$contains an array item',
    { 'spec.targets': { $contains: 'https://git.example.com/b.yaml' } },
    ['root'],
  ],
  ['values over 200 characters are not indexed', { 'metadata.description': 'x'.repeat(250) }, []],
  ['an unknown value operator never matches', { kind: { $regex: '.*' } }, []],
  ['an unknown operator never matches', { $future: true }, []],
  [
    'an unknown operator under $not matches everything',
    { $all: [{ kind: 'system' }, { $not: { $future: true } }] },
    ['sys'],
  ],
  ['empty $in', { kind: { $in: [] } }, []],
  ['empty $any', { $any: [] }, []],
  ['empty $all', { $all: [{ kind: 'group' }, { $all: [] }] }, ['team-a', 'team-b']],
];

describe.each(testEngines)('predicates compiled to SQL on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;
  let service: EntitiesQueryService;

  beforeAll(async () => {
    if (skip) return;
    db = await createCatalogTestDatabase(engine);
    const knex = db.database.knex;
    await insertEntities(knex, sampleCatalog());
    service = createEntitiesQueryService({ knex });
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it.skipIf(skip).each(cases)('%s', async (_name, query, expected) => {
    const result = await service.queryEntities({ query, limit: 100 });
    const names = result.items.map(
      item => (JSON.parse(item) as { metadata: { name: string } }).metadata.name,
    );
    expect(names.sort()).toEqual(expected);
    expect(result.totalItems).toBe(expected.length);
  });
});
