import { describe, expect, it } from 'vitest';
import { readSearchParams, requestOf, writeSearchParams } from './searchParams';
import { searchQueryString } from './queries';

describe('the search page URL', () => {
  it('reads and writes the query, filters and cursor', () => {
    const params = new URLSearchParams(
      'query=card+pay&type=software-catalog&type=bogus&kind=API&lifecycle=production&lifecycle=experimental&cursor=abc',
    );
    const state = readSearchParams(params);
    expect(state).toEqual({
      query: 'card pay',
      types: ['software-catalog'],
      kinds: ['API'],
      lifecycles: ['production', 'experimental'],
      cursor: 'abc',
    });
    expect(writeSearchParams(state).toString()).toBe(
      'query=card+pay&type=software-catalog&kind=API&lifecycle=production&lifecycle=experimental&cursor=abc',
    );
    expect(writeSearchParams({ query: '', types: [], kinds: [], lifecycles: [] }).toString()).toBe(
      '',
    );
  });

  it("asks the API in Backstage's shape, leaving out what is not chosen", () => {
    const state = readSearchParams(new URLSearchParams('query=%20vault%20&kind=API'));
    expect(searchQueryString(requestOf(state, 20))).toEqual({
      term: 'vault',
      types: undefined,
      pageCursor: undefined,
      pageLimit: 20,
      'filters[kind]': ['API'],
    });
  });
});
