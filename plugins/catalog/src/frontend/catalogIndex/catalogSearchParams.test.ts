import { describe, expect, it } from 'vitest';
import { catalogPredicate, pageRequest } from './catalogQuery';
import { clearFilters, readCatalogState, withKind, writeCatalogState } from './catalogSearchParams';

const read = (query: string) => readCatalogState(new URLSearchParams(query));

describe('the catalog URL', () => {
  it('defaults to the first page of components by name', () => {
    const state = read('');
    expect(state).toMatchObject({
      kind: 'component',
      text: '',
      sort: 'name',
      direction: 'asc',
      pageSize: 20,
      from: 0,
    });
    expect(writeCatalogState(state).toString()).toBe('');
  });

  it('round-trips filters, text, sort, size and cursor', () => {
    const query =
      'kind=api&type=openapi&type=grpc&owner=group%3Adefault%2Fteam-a&text=pay&sort=owner&dir=desc&size=50&cursor=abc&from=50';
    const state = read(query);
    expect(state.filters.type).toEqual(['openapi', 'grpc']);
    expect(state.filters.owner).toEqual(['group:default/team-a']);
    expect(writeCatalogState(state).toString()).toBe(query);
  });

  it('ignores what the kind does not have and values it cannot use', () => {
    const state = read('kind=user&lifecycle=production&sort=owner&size=7&from=40');
    expect(state.filters.lifecycle).toEqual([]);
    expect(state.sort).toBe('name');
    expect(state.pageSize).toBe(20);
    // `from` means nothing without a cursor.
    expect(state.from).toBe(0);
  });

  it('keeps the filters that still apply when the kind changes, and starts at page one', () => {
    const state = read('type=service&owner=group%3Adefault%2Fa&tag=java&sort=lifecycle&cursor=x');
    const users = withKind(state, 'user');
    expect(users.filters).toMatchObject({ type: [], owner: [], tag: ['java'] });
    expect(users.sort).toBe('name');
    expect(users.cursor).toBeUndefined();
    const apis = withKind(state, 'api');
    expect(apis.filters).toMatchObject({ type: [], owner: ['group:default/a'] });
    expect(apis.sort).toBe('lifecycle');
  });

  it('clears filters and text but keeps kind and order', () => {
    const cleared = clearFilters(read('kind=api&type=grpc&text=x&sort=type'));
    expect(writeCatalogState(cleared).toString()).toBe('kind=api&sort=type');
  });
});

describe('the catalog query', () => {
  it('ANDs filters and ORs the values of one filter', () => {
    expect(catalogPredicate(read('type=service&type=website&tag=java'))).toEqual({
      kind: 'component',
      'spec.type': { $in: ['service', 'website'] },
      'metadata.tags': 'java',
    });
    expect(catalogPredicate(read('kind=all'))).toBeUndefined();
  });

  it('asks for the sort field, text fields and only the fields the table shows', () => {
    const request = pageRequest(read('kind=group&text=%20ops%20&sort=type&dir=desc&size=10'));
    expect(request).toMatchObject({
      query: { kind: 'group' },
      fullTextFilter: { term: 'ops' },
      orderBy: [{ field: 'spec.type', order: 'desc' }],
      limit: 10,
    });
    expect(request.fields).toContain('spec.profile.email');
    expect(request.fields).not.toContain('spec.lifecycle');
  });

  it('sends only the cursor once paging has started', () => {
    expect(pageRequest(read('type=service&cursor=abc'))).toEqual({
      cursor: 'abc',
      limit: 20,
      fields: expect.any(Array) as unknown,
    });
  });
});
