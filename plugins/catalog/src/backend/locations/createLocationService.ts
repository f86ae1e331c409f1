import type { Knex } from 'knex';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import type { FilterPredicate } from '../../common/entities';
import type { AnalyzeLocationResponse, Location } from '../../common/locations';
import type { ProcessingContext } from '../processing/processEntity';
import { analyzeLocation } from './analyzeLocation';
import { unregisterLocation, updateLocation } from './changeLocation';
import { getLocation, getLocationByEntity, listLocations, queryLocations } from './readLocations';
import { type CreateLocationResult, registerLocation } from './registerLocation';

export type { CreateLocationResult } from './registerLocation';

export interface LocationService {
  createLocation(
    spec: { type: string; target: string },
    options: { dryRun: boolean; onConflict?: 'reject' | 'refresh' },
  ): Promise<CreateLocationResult>;
  listLocations(): Promise<Location[]>;
  /** A page of locations matching a predicate on `id`, `type`, `target`; the cursor carries the query. */
  queryLocations(request: { cursor?: string; limit: number; query?: FilterPredicate }): Promise<{
    items: Location[];
    totalItems: number;
    pageInfo: { nextCursor?: string };
  }>;
  getLocation(id: string): Promise<Location>;
  deleteLocation(id: string): Promise<void>;
  /** Points a location somewhere else: what it produced goes, what the new target holds comes. */
  updateLocation(id: string, spec: { type: string; target: string }): Promise<Location>;
  getLocationByEntity(ref: string): Promise<Location>;
  analyzeLocation(
    spec: { type: string; target: string },
    catalogFilename?: string,
  ): Promise<AnalyzeLocationResponse>;
}

export interface LocationServiceOptions {
  knex: Knex;
  reader: RepositoryReader;
  processing: ProcessingContext;
  readonly: boolean;
  defaultConflictStrategy: 'reject' | 'refresh';
}

/**
 * Registering, listing and removing locations, with Backstage's semantics and messages; each
 * operation is a module of its own in locations/.
 */
export function createLocationService(options: LocationServiceOptions): LocationService {
  const { knex } = options;
  return {
    createLocation: (spec, flags) => registerLocation(options, spec, flags),
    listLocations: () => listLocations(knex),
    queryLocations: request => queryLocations(knex, request),
    getLocation: id => getLocation(knex, id),
    deleteLocation: id => unregisterLocation(options, id),
    updateLocation: (id, spec) => updateLocation(options, id, spec),
    getLocationByEntity: ref => getLocationByEntity(knex, ref),
    analyzeLocation: (spec, catalogFilename) => analyzeLocation(options, spec, catalogFilename),
  };
}
