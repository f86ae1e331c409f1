import { describe, expect, it } from 'vitest';
import { InputError } from '@callboard/plugin-api/common';
import {
  entitiesByQueryBodySchema,
  entitiesListQuerySchema,
  filterPredicateSchema,
  repeatedQueryParamSchema,
} from '../../common/entities';
import { parseFields, selectFields } from './entityFields';
import { parseOrderFieldParams, parseOrderParams } from './parseEntityRequests';
import { parseFilterStrings } from './parseFilterStrings';

describe('parseFilterStrings', () => {
  it('turns the query-string form into a predicate', () => {
    expect(parseFilterStrings(undefined)).toBeUndefined();
    expect(parseFilterStrings(['', ' , '])).toBeUndefined();
    expect(parseFilterStrings(['kind=component'])).toEqual({ kind: 'component' });
    expect(parseFilterStrings([' kind = Component , spec.type '])).toEqual({
      kind: 'Component',
      'spec.type': { $exists: true },
    });
    expect(parseFilterStrings(['kind=user,KIND=group'])).toEqual({
      kind: { $in: ['user', 'group'] },
    });
    expect(parseFilterStrings(['kind=user', 'kind=group,spec.type'])).toEqual({
      $any: [{ kind: 'user' }, { kind: 'group', 'spec.type': { $exists: true } }],
    });
    expect(parseFilterStrings(['metadata.annotations.backstage.io/orphan=true'])).toEqual({
      'metadata.annotations.backstage.io/orphan': 'true',
    });
    // A value may contain `=`; `a=` compares with the empty string.
    expect(parseFilterStrings(['spec.query=a=b,spec.empty='])).toEqual({
      'spec.query': 'a=b',
      'spec.empty': '',
    });
    const proto = parseFilterStrings(['__proto__=x']) as Record<string, unknown>;
    expect(Object.keys(proto)).toEqual(['__proto__']);
  });

  it('refuses a statement without a key', () => {
    expect(() => parseFilterStrings(['kind=user,=x'])).toThrow(InputError);
    expect(() => parseFilterStrings(['=x'])).toThrow(/'=x' is not a valid statement/);
  });
});

describe('fields', () => {
  it('parses comma-separated and repeated fields and refuses array paths', () => {
    expect(parseFields(undefined)).toBeUndefined();
    expect(parseFields([' , '])).toBeUndefined();
    expect(parseFields(['kind, metadata.name', 'spec', 'kind'])).toEqual([
      'kind',
      'metadata.name',
      'spec',
    ]);
    expect(() => parseFields(['relations[0]'])).toThrow(/array type fields are not supported/);
  });

  it('keeps only the selected subtrees, joining dotted keys greedily', () => {
    const entity = {
      apiVersion: 'v1',
      kind: 'Component',
      metadata: {
        name: 'a',
        namespace: 'default',
        annotations: { 'backstage.io/source-location': 'url:x', 'backstage.io': 'short', a: 'b' },
        labels: { 'x.y.z': '1' },
      },
      spec: { type: 'service', profile: { email: 'e' } },
    };
    expect(
      selectFields(entity, [
        'kind',
        'metadata.annotations.backstage.io/source-location',
        'metadata.labels.x.y.z',
        'spec.profile.email',
        'spec.missing',
        'nothing.at.all',
      ]),
    ).toEqual({
      kind: 'Component',
      metadata: {
        annotations: { 'backstage.io/source-location': 'url:x' },
        labels: { 'x.y.z': '1' },
      },
      spec: { profile: { email: 'e' } },
    });
    expect(selectFields(entity, ['metadata.annotations.backstage.io'])).toEqual({
      metadata: { annotations: { 'backstage.io': 'short' } },
    });
    expect(selectFields(entity, ['metadata.name', 'metadata'])).toEqual({
      metadata: entity.metadata,
    });
  });
});

describe('order parameters', () => {
  it('parses order=asc:<field> and orderField=<field>[,asc|desc]', () => {
    expect(parseOrderParams(['asc:metadata.name', 'desc:spec.type'])).toEqual([
      { order: 'asc', field: 'metadata.name' },
      { order: 'desc', field: 'spec.type' },
    ]);
    expect(() => parseOrderParams(['metadata.name'])).toThrow(
      'Invalid order parameter "metadata.name", expected "<asc or desc>:<field name>"',
    );
    expect(parseOrderFieldParams(['metadata.name', 'spec.type,desc'])).toEqual([
      { field: 'metadata.name', order: 'asc' },
      { field: 'spec.type', order: 'desc' },
    ]);
    expect(() => parseOrderFieldParams(['metadata.name,up'])).toThrow(
      'Invalid order field order, must be asc or desc',
    );
    expect(() => parseOrderFieldParams([',asc'])).toThrow(InputError);
  });
});

describe('query parameter schemas', () => {
  it('accepts repeated parameters however express parsed them', () => {
    expect(repeatedQueryParamSchema.parse('a')).toEqual(['a']);
    expect(repeatedQueryParamSchema.parse(['a', 'b'])).toEqual(['a', 'b']);
    // qs turns a key repeated more than 20 times into an object keyed by index.
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [String(i), `v${i}`]));
    expect(repeatedQueryParamSchema.parse(many)).toHaveLength(25);
    expect(repeatedQueryParamSchema.safeParse({ nested: 'x' }).success).toBe(false);
  });

  it('validates integers and single values', () => {
    expect(entitiesListQuerySchema.parse({ limit: '10', offset: '0' })).toMatchObject({
      limit: 10,
      offset: 0,
    });
    expect(entitiesListQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(entitiesListQuerySchema.safeParse({ offset: '-1' }).success).toBe(false);
    expect(entitiesListQuerySchema.safeParse({ limit: '1.5' }).success).toBe(false);
    expect(entitiesListQuerySchema.safeParse({ after: ['a', 'b'] }).success).toBe(false);
  });
});

describe('filterPredicateSchema', () => {
  const problems = (value: unknown) => {
    const result = entitiesByQueryBodySchema.safeParse({ query: value });
    return result.success
      ? []
      : result.error.issues.map(issue => `${issue.path.join('/')}: ${issue.message}`);
  };

  it('accepts every documented form and unknown operators', () => {
    for (const predicate of [
      { kind: 'component', 'spec.type': { $in: ['service', 7, true] } },
      { $all: [{ kind: 'x' }, { $any: [{ a: 1 }, { $not: { b: { $exists: false } } }] }] },
      { 'metadata.tags': { $contains: 'java' } },
      { relations: { $contains: { type: 'ownedBy', targetRef: 'group:default/a' } } },
      { 'metadata.name': { $hasPrefix: 'svc-' } },
      { kind: { $regex: '.*' } },
      { $future: 1 },
      {},
    ]) {
      expect(filterPredicateSchema.safeParse(predicate).success, JSON.stringify(predicate)).toBe(
        true,
      );
    }
  });

  it('reports each malformed part with its path', () => {
    expect(problems('component')).toEqual([
      'query: expected a predicate object such as {"kind": "component"}, found string "component"',
    ]);
    expect(problems({ $all: { kind: 'x' } })).toEqual([
      'query/$all: expected an array of predicates, found an object',
    ]);
    expect(problems({ $not: { a: 1 }, kind: 'x' })).toEqual([
      'query: $not must be the only key of its object; wrap the conditions in $all to combine them',
    ]);
    expect(problems({ $any: [{ 'spec.type': { $in: ['a', { b: 1 }] } }] })).toEqual([
      'query/$any/0/spec.type/$in/1: expected a string, number or boolean, found an object',
    ]);
    expect(problems({ kind: null })).toEqual([
      'query/kind: expected a string, number, boolean or an operator object such as {"$in": [...]}, found null',
    ]);
    expect(problems({ spec: { type: 'service' } })).toHaveLength(1);
    expect(problems({ a: { $exists: 'yes' } })).toEqual([
      'query/a/$exists: expected true or false, found string "yes"',
    ]);
    expect(problems({ a: { $in: [], $exists: true } })).toEqual([
      'query/a: expected exactly one operator ($exists, $in, $contains or $hasPrefix), found 2',
    ]);
    expect(problems({ a: { $contains: { $all: 3 } } })).toEqual([
      'query/a/$contains/$all: expected an array of predicates, found number 3',
    ]);
  });

  it('refuses predicates that are too deep or too large', () => {
    let deep: unknown = { kind: 'x' };
    for (let i = 0; i < 40; i++) deep = { $not: deep };
    expect(problems(deep)[0]).toMatch(/nested deeper than 32 levels/);
    const wide = { $any: Array.from({ length: 1001 }, (_, i) => ({ [`k${i}`]: 'v' })) };
    expect(problems(wide)[0]).toMatch(/more than 1000 conditions/);
  });
});
