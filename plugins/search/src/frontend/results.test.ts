import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../common';
import { groupResults, searchPagePath } from './results';

const result = (
  type: SearchResult['type'],
  name: string,
  kind = 'Component',
  rank = 1,
): SearchResult => ({
  type,
  document: {
    title: name,
    text: '',
    location: `/${type}/${name}`,
    kind,
    namespace: 'default',
    name,
  },
  highlight: { preTag: '<mark>', postTag: '</mark>', fields: { title: name, text: '' } },
  rank,
});

describe('groupResults', () => {
  it('groups by type in a fixed order, keeping the ranking, and lists a template once', () => {
    const groups = groupResults([
      result('templates', 'new-service', 'Template', 1),
      result('software-catalog', 'new-service', 'Template', 2),
      result('techdocs', 'guide', 'Component', 3),
      result('software-catalog', 'payments', 'Component', 4),
      result('software-catalog', 'old-template', 'Template', 5),
    ]);
    expect(
      groups.map(group => [group.label, group.results.map(item => item.document.name)]),
    ).toEqual([
      ['Entities', ['payments', 'old-template']],
      ['Documentation', ['guide']],
      ['Templates', ['new-service']],
    ]);
    expect(groupResults([])).toEqual([]);
  });

  it('links the search page with the term encoded', () => {
    expect(searchPagePath('card & "pay"')).toBe('/search?query=card%20%26%20%22pay%22');
  });
});
