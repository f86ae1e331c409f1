import type { Knex } from 'knex';
import type { ReplicaState } from '@callboard/plugin-api/backend';
import type {
  CatalogStatus,
  EntityProcessing,
  ProblemsResponse,
  RecentEntitiesResponse,
} from '../../common/problems';
import type { ProcessingContext } from '../processing/processEntity';
import { catalogStatus } from './catalogStatus';
import { deleteEntityByUid } from './deleteEntity';
import { type AncestryResponse, entityAncestry } from './entityAncestry';
import { listProblems, type ListProblemsRequest } from './entityProblems';
import { entityProcessing } from './entityProcessing';
import { recentEntities } from './recentEntities';
import { validateEntity } from './validateEntity';

export type { AncestryResponse } from './entityAncestry';

export interface EntityService {
  /** Deletes one entity; it comes back if a live location still emits it. */
  deleteByUid(uid: string): Promise<void>;
  ancestry(ref: { kind: string; namespace: string; name: string }): Promise<AncestryResponse>;
  /** Every current ingestion problem, paged by entity ref. */
  listProblems(options: ListProblemsRequest): Promise<ProblemsResponse>;
  /** What the queues hold and what is served, across all replicas. */
  status(): Promise<CatalogStatus>;
  /** Where one entity came from, when it was last read, and its current problems. */
  processing(ref: { kind: string; namespace: string; name: string }): Promise<EntityProcessing>;
  /** The served entities that changed most recently, newest first. */
  recent(limit: number): Promise<RecentEntitiesResponse>;
  /** Runs the processing pipeline on an entity as if read from `location`; returns the problems. */
  validate(entity: unknown, location: string): Promise<Array<{ name: string; message: string }>>;
}

export interface EntityServiceOptions {
  knex: Knex;
  processing: ProcessingContext;
  readonly: boolean;
  /** The live replicas and the leases each holds (the backend's registry). */
  replicas: () => Promise<ReplicaState[]>;
}

/** The entity endpoints besides the queries: each operation is a module of its own in entities/. */
export function createEntityService(options: EntityServiceOptions): EntityService {
  const { knex } = options;
  return {
    deleteByUid: uid => deleteEntityByUid(options, uid),
    ancestry: ref => entityAncestry(knex, ref),
    listProblems: request => listProblems(knex, request),
    status: () => catalogStatus(options),
    processing: ref => entityProcessing(knex, ref),
    recent: limit => recentEntities(knex, limit),
    validate: (entity, location) => validateEntity(options.processing, entity, location),
  };
}
