import { describe, expect, it } from 'vitest';
import { aComponent, aGroup, aUser } from '../test/entities';
import { sortEntityRefArrays } from './sortEntityRefArrays';

describe('sortEntityRefArrays', () => {
  it('sorts the ref lists Backstage sorts before hashing, without touching the input', () => {
    const input = aComponent({
      spec: {
        providesApis: ['b', 'a'],
        consumesApis: ['z', 'y'],
        dependsOn: ['resource:b', 'component:a'],
        dependencyOf: ['component:d', 'component:c'],
        tagsOfMyOwn: ['b', 'a'],
      },
    });
    const sorted = sortEntityRefArrays(input);
    expect(sorted.spec).toMatchObject({
      providesApis: ['a', 'b'],
      consumesApis: ['y', 'z'],
      dependsOn: ['component:a', 'resource:b'],
      dependencyOf: ['component:c', 'component:d'],
      tagsOfMyOwn: ['b', 'a'],
    });
    expect(input.spec?.providesApis).toEqual(['b', 'a']);
  });

  it('covers Group children and members and User memberOf', () => {
    expect(
      sortEntityRefArrays(aGroup({ spec: { children: ['b', 'a'], members: ['d', 'c'] } })).spec,
    ).toMatchObject({
      children: ['a', 'b'],
      members: ['c', 'd'],
    });
    expect(sortEntityRefArrays(aUser({ spec: { memberOf: ['b', 'a'] } })).spec?.memberOf).toEqual([
      'a',
      'b',
    ]);
  });

  it('returns the same object when nothing needs sorting, and leaves mixed lists alone', () => {
    const sorted = aComponent({ spec: { providesApis: ['a', 'b'] } });
    expect(sortEntityRefArrays(sorted)).toBe(sorted);
    const mixed = aComponent({ spec: { providesApis: ['b', 5, 'a'] } });
    expect(sortEntityRefArrays(mixed)).toBe(mixed);
  });

  it('leaves entities of unknown kinds alone', () => {
    const widget = {
      apiVersion: 'x/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { dependsOn: ['b', 'a'] },
    };
    expect(sortEntityRefArrays(widget)).toBe(widget);
  });
});
