import type {
  EntitiesQueryService,
  EntitiesQueryServiceOptions,
  QueryContext,
} from './entitiesQueryTypes';
import { listEntities } from './listEntities';
import { queryEntities } from './queryEntities';
import {
  getEntitiesByRefs,
  getEntityByName,
  getEntityByUid,
  getEntityFacets,
} from './readEntities';
import { noCache } from './versionedCache';

export type {
  EntitiesByRefsRequest,
  EntitiesQueryService,
  EntitiesQueryServiceOptions,
  EntityFacetsRequest,
  EntityList,
  ListEntitiesRequest,
  QueryEntitiesCursorRequest,
  QueryEntitiesInitialRequest,
  QueryEntitiesRequest,
  QueryEntitiesResult,
  SerializedEntity,
} from './entitiesQueryTypes';

/**
 * Reads the stitched catalog. Each read is a function of its own (listEntities, queryEntities,
 * readEntities) that takes what it needs explicitly; the statements live in the stores.
 */
export function createEntitiesQueryService(
  options: EntitiesQueryServiceOptions,
): EntitiesQueryService {
  const context: QueryContext = {
    knex: options.knex,
    chunkSize: options.streamChunkSize ?? 1000,
    defaultLimit: options.defaultQueryLimit ?? 200,
    maxLimit: options.maxQueryLimit ?? 1000,
    cache: options.cache ?? noCache,
  };
  return {
    listEntities: request => listEntities(context, request),
    queryEntities: request => queryEntities(context, request),
    getEntitiesByRefs: request => getEntitiesByRefs(context, request),
    getEntityByUid: uid => getEntityByUid(context, uid),
    getEntityByName: ref => getEntityByName(context, ref),
    getEntityFacets: request => getEntityFacets(context, request),
  };
}
