import type { Entity } from '@callboard/catalog-model';
import {
  catalogPluginId,
  entitiesBatchResponseSchema,
  entitiesQueryResponseSchema,
  entityFacetsResponseSchema,
  type FilterPredicate,
} from '@callboard/plugin-catalog/common';
import { fetchApi } from '@callboard/plugin-api/frontend';

/**
 * The catalog calls the scaffolder's pages make: templates for the gallery, entities for the
 * pickers, tag counts for the tags picker. Through the catalog's public API and its common
 * schemas, like any other client.
 */

/** A catalog holds a handful of templates; this many pages of 500 is far more than enough. */
const maxTemplatePages = 10;

/** `GET /entities/by-query?filter=kind=template`, every page. */
export async function listTemplates(signal?: AbortSignal): Promise<Entity[]> {
  const templates: Entity[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxTemplatePages; page++) {
    const response = await fetchApi(catalogPluginId, '/entities/by-query', {
      query: cursor
        ? { cursor, limit: 500 }
        : { filter: ['kind=template'], orderField: ['metadata.name,asc'], limit: 500 },
      schema: entitiesQueryResponseSchema,
      signal,
    });
    // The schema checks the page's shape; the entities in it are the catalog's, already valid.
    templates.push(...(response.items as unknown as Entity[]));
    cursor = response.pageInfo.nextCursor;
    if (!cursor) break;
  }
  return templates;
}

export interface EntitySearchRequest {
  /** Which entities may be chosen; absent = any. */
  query?: FilterPredicate;
  /** What was typed; matched by the catalog's full-text filter. */
  term: string;
  limit: number;
}

/** The fields a picker shows: enough for a ref and a readable label. */
const pickerFields = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
];

/** `POST /entities/by-query`: the first `limit` matches, by name. */
export async function searchEntities(
  request: EntitySearchRequest,
  signal?: AbortSignal,
): Promise<{ items: Entity[]; totalItems: number }> {
  const term = request.term.trim();
  const response = await fetchApi(catalogPluginId, '/entities/by-query', {
    method: 'POST',
    body: {
      ...(request.query ? { query: request.query } : {}),
      ...(term ? { fullTextFilter: { term } } : {}),
      orderBy: [{ field: 'metadata.name', order: 'asc' }],
      fields: pickerFields,
      limit: request.limit,
    },
    schema: entitiesQueryResponseSchema,
    signal,
  });
  return { items: response.items as unknown as Entity[], totalItems: response.totalItems };
}

/** `GET /entity-facets?facet=metadata.tags`: tags in use, with counts, optionally per kind. */
export async function getTagFacets(kinds: string[] | undefined, signal?: AbortSignal) {
  const response = await fetchApi(catalogPluginId, '/entity-facets', {
    query: {
      facet: ['metadata.tags'],
      // One filter per kind: the catalog ORs repeated filters.
      filter: kinds && kinds.length > 0 ? kinds.map(kind => `kind=${kind}`) : undefined,
    },
    schema: entityFacetsResponseSchema,
    signal,
  });
  return response.facets['metadata.tags'] ?? [];
}

/** `POST /entities/by-refs`: whether the catalog holds an entity with this (full) ref. */
export async function entityExists(entityRef: string, signal?: AbortSignal): Promise<boolean> {
  const response = await fetchApi(catalogPluginId, '/entities/by-refs', {
    method: 'POST',
    body: { entityRefs: [entityRef], fields: ['kind'] },
    schema: entitiesBatchResponseSchema,
    signal,
  });
  return response.items[0] !== null && response.items[0] !== undefined;
}
