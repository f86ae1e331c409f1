import type { Knex } from 'knex';
import type { CompoundEntityRef } from '@callboard/catalog-model';
import type { EntityFacetsResponse, EntityOrder, FilterPredicate } from '../../common/entities';
import type { VersionedCache } from './versionedCache';

/** An entity as JSON text: the stitched `final_entity` as stored, or its field selection. */
export type SerializedEntity = string;

export interface ListEntitiesRequest {
  filter?: FilterPredicate;
  /** Field selection; undefined serves whole entities. */
  fields?: string[];
  /** Applied in turn; entities lacking a field come after those that have it. */
  order?: EntityOrder[];
  /** Any of `offset`, `limit`, `after` asks for one page; without them everything is listed. */
  offset?: number;
  limit?: number;
  /** The `after` of a previous page (it carries its own limit and offset). */
  after?: string;
}

export interface EntityList {
  /** Set for a page when more entities follow: the `after` of the next page. */
  nextAfter?: string;
  /** The entities in order, fetched chunk by chunk as the caller iterates. */
  chunks: AsyncIterable<SerializedEntity[]>;
}

export interface QueryEntitiesInitialRequest {
  /** Query-string filters (`GET`), as a predicate. */
  filter?: FilterPredicate;
  /** A predicate (`POST`); AND-ed with `filter`. */
  query?: FilterPredicate;
  /** Only the first is honoured; entities lacking that field are left out. */
  orderFields?: EntityOrder[];
  fullTextFilter?: { term?: string; fields?: string[] };
  fields?: string[];
  limit?: number;
  offset?: number;
  totalItems?: 'include' | 'exclude';
}

export interface QueryEntitiesCursorRequest {
  cursor: string;
  fields?: string[];
  limit?: number;
}

export type QueryEntitiesRequest = QueryEntitiesInitialRequest | QueryEntitiesCursorRequest;

export interface QueryEntitiesResult {
  items: SerializedEntity[];
  /** 0 when the count was excluded. */
  totalItems: number;
  pageInfo: { nextCursor?: string; prevCursor?: string };
}

export interface EntitiesByRefsRequest {
  entityRefs: string[];
  fields?: string[];
  filter?: FilterPredicate;
}

export interface EntityFacetsRequest {
  facets: string[];
  filter?: FilterPredicate;
}

/** Reads the stitched catalog: the entity READ endpoints of Backstage's catalog API. */
export interface EntitiesQueryService {
  /** `GET /entities`: one page (offset/limit/after), or everything in chunks. */
  listEntities(request: ListEntitiesRequest): Promise<EntityList>;
  /** `/entities/by-query`: cursor pagination. */
  queryEntities(request: QueryEntitiesRequest): Promise<QueryEntitiesResult>;
  /** One item per ref, in order; null for refs that do not parse, match or pass the filter. */
  getEntitiesByRefs(request: EntitiesByRefsRequest): Promise<Array<SerializedEntity | null>>;
  /** Throws `NotFoundError` with Backstage's message. */
  getEntityByUid(uid: string): Promise<SerializedEntity>;
  /** Case-insensitive; throws `NotFoundError` with Backstage's message. */
  getEntityByName(ref: CompoundEntityRef): Promise<SerializedEntity>;
  /** Counts of each original value per facet, keyed by the facet as requested. */
  getEntityFacets(request: EntityFacetsRequest): Promise<EntityFacetsResponse>;
}

export interface EntitiesQueryServiceOptions {
  knex: Knex;
  /** Entities per query when a whole list is streamed (default 1000). */
  streamChunkSize?: number;
  /** `/entities/by-query` page size when none is asked for (default 200). */
  defaultQueryLimit?: number;
  /** Larger `/entities/by-query` limits are clamped to this (default 1000). */
  maxQueryLimit?: number;
  /**
   * Remembers totals and facet counts until the served entities change (default: none). Counting
   * tens of thousands of matches is the slowest part of a first page; the answer only changes
   * when the catalog does.
   */
  cache?: VersionedCache;
}

/** What every read of the query service needs, passed to each function explicitly. */
export interface QueryContext {
  knex: Knex;
  /** Entities per query when a whole list is streamed. */
  chunkSize: number;
  /** `/entities/by-query` page size when none is asked for. */
  defaultLimit: number;
  /** Larger `/entities/by-query` limits are clamped to this. */
  maxLimit: number;
  cache: VersionedCache;
}
