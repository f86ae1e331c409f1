import { describe, expect, it } from 'vitest';
import type { DocsSiteSummary } from '../../common';
import { distinctValues, filterSites, filtersFromSearch, searchFromFilters } from './siteFilters';

function site(name: string, kind: string, owner?: string, siteTitle = name): DocsSiteSummary {
  return {
    entityRef: `${kind.toLowerCase()}:default/${name}`,
    kind,
    namespace: 'default',
    name,
    entityTitle: name,
    siteTitle,
    owner,
    status: 'ready',
    problemCount: 0,
  };
}

const sites = [
  site('payments', 'Component', 'group:default/team-a', 'Payments handbook'),
  site('orders-api', 'API', 'group:default/team-b'),
  site('platform', 'System', undefined, 'Platform guide'),
];

describe('the docs list filters', () => {
  it('match kind case-insensitively, owner exactly and every word of the text', () => {
    const names = (filters: Partial<{ text: string; kind: string; owner: string }>) =>
      filterSites(sites, { text: '', kind: '', owner: '', ...filters }).map(s => s.name);
    expect(names({})).toEqual(['payments', 'orders-api', 'platform']);
    expect(names({ kind: 'api' })).toEqual(['orders-api']);
    expect(names({ owner: 'group:default/team-a' })).toEqual(['payments']);
    expect(names({ text: 'HANDBOOK pay' })).toEqual(['payments']);
    expect(names({ text: 'team-b' })).toEqual(['orders-api']);
    expect(names({ text: 'guide', kind: 'component' })).toEqual([]);
  });

  it('offer the values the list holds, and round-trip through the address', () => {
    expect(distinctValues(sites, 'kind')).toEqual(['API', 'Component', 'System']);
    expect(distinctValues(sites, 'owner')).toEqual([
      'group:default/team-a',
      'group:default/team-b',
    ]);
    const filters = { text: 'pay', kind: 'Component', owner: '' };
    expect(searchFromFilters(filters).toString()).toBe('q=pay&kind=Component');
    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
  });
});
