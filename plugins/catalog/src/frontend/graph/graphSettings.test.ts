import { describe, expect, it } from 'vitest';
import type { Entity } from '@callboard/catalog-model';
import { readGraphSettings, writeGraphSettings } from './graphSettings';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders' },
};
const group: Entity = { ...component, kind: 'Group' };

describe('graph settings in the URL', () => {
  it('defaults by kind: dependencies for software, ownership and teams for groups', () => {
    expect(readGraphSettings(new URLSearchParams(), component)).toEqual({
      depth: 2,
      groups: ['dependencies', 'apis', 'partOf'],
    });
    expect(readGraphSettings(new URLSearchParams(), group).groups).toEqual([
      'ownership',
      'organization',
    ]);
  });

  it('reads depth and relations, ignoring what it does not know', () => {
    const search = new URLSearchParams('depth=9&relations=ownership,bogus,dependencies');
    expect(readGraphSettings(search, component)).toEqual({
      depth: 2,
      groups: ['dependencies', 'ownership'],
    });
    expect(readGraphSettings(new URLSearchParams('relations='), component).groups).toEqual([]);
  });

  it('writes what it reads, keeping other parameters', () => {
    const search = writeGraphSettings(new URLSearchParams('tab=x'), {
      depth: 3,
      groups: ['apis', 'partOf'],
    });
    expect(search.toString()).toBe('tab=x&depth=3&relations=apis%2CpartOf');
    expect(readGraphSettings(search, component)).toEqual({ depth: 3, groups: ['apis', 'partOf'] });
  });
});
