import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import {
  catalogKeys,
  getEntityByRef,
  getEntityProcessing,
  getFacets,
  getLocationByEntity,
  queryEntities,
} from '../../common';

export function entityQuery(ref: string) {
  return queryOptions({
    queryKey: catalogKeys.entity(ref),
    queryFn: ({ signal }) => getEntityByRef(ref, signal),
  });
}

export function entityProcessingQuery(ref: string) {
  return queryOptions({
    queryKey: catalogKeys.entityProcessing(ref),
    queryFn: ({ signal }) => getEntityProcessing(ref, signal),
  });
}

export function entityLocationQuery(ref: string) {
  return queryOptions({
    queryKey: catalogKeys.entityLocation(ref),
    queryFn: ({ signal }) => getLocationByEntity(ref, signal),
  });
}

/** How many entities to name in the unregister dialog. */
const originSampleSize = 20;

/**
 * The entities a registered location produced (they carry its ref as their origin annotation):
 * what unregistering the location removes.
 */
export function entitiesFromOriginQuery(originRef: string) {
  return queryOptions({
    queryKey: catalogKeys.entities('from-origin', originRef),
    queryFn: ({ signal }) =>
      queryEntities(
        {
          filter: [`metadata.annotations.backstage.io/managed-by-origin-location=${originRef}`],
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
          orderField: ['metadata.name,asc'],
          limit: originSampleSize,
        },
        signal,
      ),
  });
}

/** Counts by kind of the entities matching any of `filters` (filter strings are OR-ed). */
export function kindFacetsQuery(filters: readonly string[]) {
  return queryOptions({
    queryKey: catalogKeys.facets(['kind'], filters),
    queryFn: async ({ signal }) => {
      const response = await getFacets(['kind'], [...filters], signal);
      return response.facets.kind ?? [];
    },
  });
}

/** The fields the small entity tables show. */
export const entityTableFields = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'spec.type',
  'spec.lifecycle',
  'spec.owner',
  'spec.profile',
];

const relatedPageSize = 20;

/** Entities matching any of `filters`, by name, a page at a time ("Show more" loads the next). */
export function relatedEntitiesQuery(filters: readonly string[]) {
  return infiniteQueryOptions({
    queryKey: catalogKeys.entities('related', filters),
    queryFn: ({ signal, pageParam }) =>
      queryEntities(
        pageParam
          ? { cursor: pageParam, limit: relatedPageSize, fields: entityTableFields }
          : {
              filter: [...filters],
              orderField: ['metadata.name,asc'],
              fields: entityTableFields,
              limit: relatedPageSize,
            },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: page => page.pageInfo.nextCursor,
  });
}
