import type { LocationService } from './locations/createLocationService';
import type { ProcessingEngine } from './processing/createProcessingEngine';
import type { EntitiesQueryService } from './queries/createEntitiesQueryService';
import type { CatalogReader } from './reading/CatalogReader';
import type { RefreshService } from './refresh/createRefreshService';

/** What the catalog plugin offers other backend plugins (passed by hand in plugins.ts). */
export interface CatalogApi {
  queries: EntitiesQueryService;
  locations: LocationService;
  refresh: RefreshService;
  /** The readers (allow-list, credentials, limits), for plugins that read from repositories too. */
  reader: CatalogReader;
  /** Tests and dry runs drive processing to completion with `runUntilIdle`. */
  engine: ProcessingEngine;
}
