import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import {
  catalogKeys,
  getFacetsByPredicate,
  queryEntitiesByPredicate,
  type EntitiesPredicateRequest,
  type FilterPredicate,
} from '../../common';

/** A catalog changes slowly; a page read half a minute ago is still worth showing at once. */
const staleTime = 30_000;

/**
 * One page of the table. While the next page (or a new filter) loads, the table keeps showing the
 * previous rows instead of collapsing to a spinner: no layout jump, and the reader keeps context.
 */
export function entitiesPageQuery(request: EntitiesPredicateRequest) {
  return queryOptions({
    queryKey: catalogKeys.entities('catalog-index', request),
    queryFn: ({ signal }) => queryEntitiesByPredicate(request, signal),
    placeholderData: keepPreviousData,
    staleTime,
  });
}

export function entitiesCountQuery(request: EntitiesPredicateRequest) {
  return queryOptions({
    queryKey: catalogKeys.count(request),
    queryFn: async ({ signal }) => (await queryEntitiesByPredicate(request, signal)).totalItems,
    staleTime,
  });
}

/** Value counts of `facets` under `query`, sorted by value. */
export function facetsQuery(facets: string[], query?: FilterPredicate) {
  return queryOptions({
    queryKey: catalogKeys.facets(facets, query),
    queryFn: async ({ signal }) => (await getFacetsByPredicate(facets, query, signal)).facets,
    placeholderData: keepPreviousData,
    staleTime,
  });
}
