import { fetchApi } from '@callboard/plugin-api/frontend';
import { queryOptions } from '@tanstack/react-query';
import {
  searchPluginId,
  searchResultSetSchema,
  searchRoutes,
  type SearchDocumentType,
  type SearchFilterField,
} from '../common';

/** What the portal asks the query API: a term, types, field filters and a page. */
export interface SearchRequest {
  term: string;
  types?: readonly SearchDocumentType[];
  filters?: Partial<Record<SearchFilterField, readonly string[]>>;
  pageCursor?: string;
  pageLimit?: number;
}

/** Query keys of the search plugin; everything starts with the plugin id. */
export const searchKeys = {
  all: [searchPluginId] as const,
  query: (purpose: string, request: SearchRequest) =>
    [...searchKeys.all, 'query', purpose, request] as const,
};

/** The request as Backstage's query string: `types=a&types=b`, `filters[kind]=x`. */
export function searchQueryString(
  request: SearchRequest,
): Record<string, string | number | readonly string[] | undefined> {
  const query: Record<string, string | number | readonly string[] | undefined> = {
    term: request.term,
    types: request.types && request.types.length > 0 ? request.types : undefined,
    pageCursor: request.pageCursor,
    pageLimit: request.pageLimit,
  };
  for (const [field, values] of Object.entries(request.filters ?? {})) {
    if (values && values.length > 0) query[`filters[${field}]`] = values;
  }
  return query;
}

/** `GET /api/search/query`, validated against the common schema. */
export function searchQuery(purpose: string, request: SearchRequest) {
  return queryOptions({
    queryKey: searchKeys.query(purpose, request),
    queryFn: ({ signal }) =>
      fetchApi(searchPluginId, searchRoutes.query, {
        query: searchQueryString(request),
        schema: searchResultSetSchema,
        signal,
      }),
    // A search answers from an index that moves within seconds; a short cache keeps back/forward instant.
    staleTime: 10_000,
  });
}
