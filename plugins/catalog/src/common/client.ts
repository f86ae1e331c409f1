import type { Entity } from '@callboard/catalog-model';
import { fetchApi } from '@callboard/plugin-api/common';
import {
  entitiesBatchResponseSchema,
  entitiesQueryResponseSchema,
  entityFacetsResponseSchema,
  entityResponseSchema,
  type EntityOrder,
  type FilterPredicate,
} from './entities';
import { toCompoundRef } from './entityRoutes';
import {
  analyzeLocationResponseSchema,
  createLocationResponseSchema,
  locationSchema,
} from './locations';
import { catalogPluginId } from './pluginId';
import {
  entityProcessingSchema,
  problemsResponseSchema,
  recentEntitiesResponseSchema,
} from './problems';

/**
 * The catalog's typed client, for every plugin's pages: each call validates the response with
 * the schemas beside it and returns typed entities; failures arrive as typed errors carrying the
 * server's message. Query keys for what it returns are `catalogKeys`, so that one invalidation
 * after an import or unregister reaches every view of catalog data, whichever plugin drew it.
 */

function byNamePath(ref: string): string {
  const { kind, namespace, name } = toCompoundRef(ref);
  return `/entities/by-name/${encodeURIComponent(kind)}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

export function getEntityByRef(ref: string, signal?: AbortSignal): Promise<Entity> {
  return fetchApi(catalogPluginId, byNamePath(ref), { schema: entityResponseSchema, signal });
}

export interface EntitiesPageRequest {
  /** Backstage filter strings: `kind=component,spec.type=service`; repeated = OR. */
  filter?: string[];
  fullTextFilterTerm?: string;
  fullTextFilterFields?: string[];
  /** Backstage's `orderField`: `metadata.name,asc`. */
  orderField?: string[];
  fields?: string[];
  limit?: number;
  cursor?: string;
  /** `exclude` skips counting every match (the answer's `totalItems` is then not the count). */
  totalItems?: 'include' | 'exclude';
}

/** `GET /entities/by-query`: one page; pass `cursor` for the next/previous page. */
export async function queryEntities(
  request: EntitiesPageRequest,
  signal?: AbortSignal,
): Promise<EntitiesPage> {
  const page = await fetchApi(catalogPluginId, '/entities/by-query', {
    query: request.cursor
      ? { cursor: request.cursor, limit: request.limit, fields: joinFields(request.fields) }
      : {
          filter: request.filter,
          fullTextFilterTerm: request.fullTextFilterTerm || undefined,
          fullTextFilterFields: joinFields(request.fullTextFilterFields),
          orderField: request.orderField,
          fields: joinFields(request.fields),
          limit: request.limit,
          totalItems: request.totalItems,
        },
    schema: entitiesQueryResponseSchema,
    signal,
  });
  return page;
}

export interface EntitiesPage {
  items: Entity[];
  totalItems: number;
  pageInfo: { nextCursor?: string; prevCursor?: string };
}

/** `POST /entities/by-refs`: entities in the order asked, `null` for refs that do not exist. */
export async function getEntitiesByRefs(
  entityRefs: string[],
  options: { fields?: string[]; signal?: AbortSignal } = {},
): Promise<Array<Entity | null>> {
  const response = await fetchApi(catalogPluginId, '/entities/by-refs', {
    method: 'POST',
    body: { entityRefs, ...(options.fields ? { fields: options.fields } : {}) },
    schema: entitiesBatchResponseSchema,
    signal: options.signal,
  });
  return response.items;
}

/** `GET /entity-facets`: value counts for each facet, under the optional filter. */
export function getFacets(facets: string[], filter?: string[], signal?: AbortSignal) {
  return fetchApi(catalogPluginId, '/entity-facets', {
    query: { facet: facets, filter },
    schema: entityFacetsResponseSchema,
    signal,
  });
}

export function getEntityProcessing(ref: string, signal?: AbortSignal) {
  return fetchApi(catalogPluginId, `${byNamePath(ref)}/processing`, {
    schema: entityProcessingSchema,
    signal,
  });
}

export function getRecentEntities(limit: number, signal?: AbortSignal) {
  return fetchApi(catalogPluginId, '/entities/recent', {
    query: { limit },
    schema: recentEntitiesResponseSchema,
    signal,
  });
}

export function getProblems(
  request: { limit?: number; cursor?: string; entityRef?: string; location?: string },
  signal?: AbortSignal,
) {
  return fetchApi(catalogPluginId, '/problems', {
    query: request,
    schema: problemsResponseSchema,
    signal,
  });
}

/** `POST /refresh`: puts the entity at the front of the processing queue. */
export async function refreshEntity(entityRef: string): Promise<void> {
  await fetchApi(catalogPluginId, '/refresh', { method: 'POST', body: { entityRef } });
}

/** `POST /analyze-location`: what registering `target` would produce, without writing. */
export function analyzeLocation(target: string, signal?: AbortSignal) {
  return fetchApi(catalogPluginId, '/analyze-location', {
    method: 'POST',
    body: { location: { type: 'url', target } },
    schema: analyzeLocationResponseSchema,
    signal,
  });
}

/** `POST /locations`: registers a URL; answers the location and the entities read so far. */
export function addLocation(target: string) {
  return fetchApi(catalogPluginId, '/locations', {
    method: 'POST',
    body: { type: 'url', target },
    schema: createLocationResponseSchema,
  });
}

/** `GET /locations/by-entity/...`: the registered location an entity came through. */
export function getLocationByEntity(ref: string, signal?: AbortSignal) {
  const { kind, namespace, name } = toCompoundRef(ref);
  return fetchApi(
    catalogPluginId,
    `/locations/by-entity/${encodeURIComponent(kind)}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
    { schema: locationSchema, signal },
  );
}

export async function deleteLocation(id: string): Promise<void> {
  await fetchApi(catalogPluginId, `/locations/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export async function deleteEntityByUid(uid: string): Promise<void> {
  await fetchApi(catalogPluginId, `/entities/by-uid/${encodeURIComponent(uid)}`, {
    method: 'DELETE',
  });
}

function joinFields(fields: string[] | undefined): string | undefined {
  return fields && fields.length > 0 ? fields.join(',') : undefined;
}

export interface EntitiesPredicateRequest {
  /** A filter predicate (backstage-spec §2.3); values may hold commas, unlike `filter=` strings. */
  query?: FilterPredicate;
  fullTextFilter?: { term: string; fields?: string[] };
  /** Only the first is honoured, and entities lacking that field are left out. */
  orderBy?: EntityOrder[];
  fields?: string[];
  limit?: number;
  cursor?: string;
  totalItems?: 'include' | 'exclude';
}

/** `POST /entities/by-query`: one page by predicate; with `cursor`, the page it points at. */
export async function queryEntitiesByPredicate(
  request: EntitiesPredicateRequest,
  signal?: AbortSignal,
): Promise<EntitiesPage> {
  const body = request.cursor
    ? { cursor: request.cursor, limit: request.limit, fields: request.fields }
    : request;
  const page = await fetchApi(catalogPluginId, '/entities/by-query', {
    method: 'POST',
    body,
    schema: entitiesQueryResponseSchema,
    signal,
  });
  return page;
}

/** `POST /entity-facets`: value counts for each facet, under the optional predicate. */
export function getFacetsByPredicate(
  facets: string[],
  query?: FilterPredicate,
  signal?: AbortSignal,
) {
  return fetchApi(catalogPluginId, '/entity-facets', {
    method: 'POST',
    body: query ? { facets, query } : { facets },
    schema: entityFacetsResponseSchema,
    signal,
  });
}

/** `POST /locations/by-query`: the registered location with exactly this type and target, if any. */
export async function findLocation(type: string, target: string, signal?: AbortSignal) {
  const page = await fetchApi<{ items?: unknown }>(catalogPluginId, '/locations/by-query', {
    method: 'POST',
    body: { query: { type, target }, limit: 100 },
    signal,
  });
  const items = locationSchema.array().parse(page.items ?? []);
  // The query compares case-insensitively; a location is unique by its exact type and target.
  return items.find(location => location.type === type && location.target === target);
}

/** Pages of 500 until the end, at most `maxPages` of them (a guard, not an expected bound). */
export async function queryAllEntities(
  request: Omit<EntitiesPredicateRequest, 'cursor' | 'limit'>,
  options: { maxPages?: number; signal?: AbortSignal } = {},
): Promise<Entity[]> {
  const entities: Entity[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < (options.maxPages ?? 10); page++) {
    const response = await queryEntitiesByPredicate(
      cursor ? { cursor, limit: 500, fields: request.fields } : { ...request, limit: 500 },
      options.signal,
    );
    entities.push(...response.items);
    cursor = response.pageInfo.nextCursor;
    if (!cursor) break;
  }
  return entities;
}
