import { searchDocumentTypes, type SearchDocumentType } from '../common';
import type { SearchRequest } from './queries';

/** The filters the search page offers as chips, and the values it offers for each. */
export const kindChoices = [
  'Component',
  'API',
  'System',
  'Domain',
  'Resource',
  'Group',
  'User',
  'Template',
];
export const lifecycleChoices = ['production', 'experimental', 'deprecated'];

/** What the search page shows, as its URL says: `?query=…&type=…&kind=…&lifecycle=…&cursor=…`. */
export interface SearchPageState {
  query: string;
  types: SearchDocumentType[];
  kinds: string[];
  lifecycles: string[];
  cursor?: string;
}

const isType = (value: string): value is SearchDocumentType =>
  (searchDocumentTypes as readonly string[]).includes(value);

export function readSearchParams(params: URLSearchParams): SearchPageState {
  return {
    query: params.get('query') ?? '',
    // An unknown type in a hand-edited URL is dropped rather than sent for a 400.
    types: params.getAll('type').filter(isType),
    kinds: params.getAll('kind'),
    lifecycles: params.getAll('lifecycle'),
    cursor: params.get('cursor') ?? undefined,
  };
}

export function writeSearchParams(state: SearchPageState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.query) params.set('query', state.query);
  for (const type of state.types) params.append('type', type);
  for (const kind of state.kinds) params.append('kind', kind);
  for (const lifecycle of state.lifecycles) params.append('lifecycle', lifecycle);
  if (state.cursor) params.set('cursor', state.cursor);
  return params;
}

/** The page's request to the query API. */
export function requestOf(state: SearchPageState, pageLimit: number): SearchRequest {
  return {
    term: state.query.trim(),
    types: state.types,
    filters: { kind: state.kinds, lifecycle: state.lifecycles },
    pageCursor: state.cursor,
    pageLimit,
  };
}

/** How many filters narrow the results (each chosen value counts once). */
export function filterCount(state: SearchPageState): number {
  return state.types.length + state.kinds.length + state.lifecycles.length;
}
