import type { EntitiesPageRequest, EntitiesPredicateRequest } from './client';
import type { FilterPredicate } from './entities';

/**
 * The query keys of everything read from the catalog, whichever plugin reads it. They all start
 * with `catalog`, so invalidating `catalogKeys.all` after an import, an unregister or a refresh
 * reaches every view that shows catalog data (a template gallery included), and nothing else.
 */
export const catalogKeys = {
  all: ['catalog'] as const,
  entity: (ref: string) => [...catalogKeys.all, 'entity', ref] as const,
  entityProcessing: (ref: string) => [...catalogKeys.entity(ref), 'processing'] as const,
  entityLocation: (ref: string) => [...catalogKeys.entity(ref), 'location'] as const,
  entityGraph: (rootRef: string, ...params: unknown[]) =>
    [...catalogKeys.all, 'entity-graph', rootRef, ...params] as const,
  /** Any list of entities; `purpose` names the view (`templates`, `picker`, `related`, …). */
  entities: (purpose: string, request?: EntitiesPredicateRequest | EntitiesPageRequest | unknown) =>
    [...catalogKeys.all, 'entities', purpose, request ?? null] as const,
  entitiesByRefs: (purpose: string, refs: readonly string[]) =>
    [...catalogKeys.all, 'entities', 'by-refs', purpose, refs] as const,
  count: (request: EntitiesPredicateRequest) => [...catalogKeys.all, 'count', request] as const,
  facets: (facets: readonly string[], filter?: FilterPredicate | readonly string[]) =>
    [...catalogKeys.all, 'facets', facets, filter ?? null] as const,
  recent: (limit: number) => [...catalogKeys.all, 'recent', limit] as const,
  problems: (request: { limit?: number; entityRef?: string; location?: string; pages?: boolean }) =>
    [...catalogKeys.all, 'problems', request] as const,
  /** Derived from catalog data, e.g. a parsed API definition. */
  derived: (what: string, ...params: unknown[]) =>
    [...catalogKeys.all, 'derived', what, ...params] as const,
};
