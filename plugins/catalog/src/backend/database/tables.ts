/** Row types of the catalog's tables, as they come back from the database. */

export interface LocationRow {
  id: string;
  type: string;
  target: string;
  source: 'api' | 'config';
  created_at: Date;
}

export interface RefreshStateRow {
  entity_id: string;
  entity_ref: string;
  kind: string;
  unprocessed_entity: unknown;
  unprocessed_hash: string;
  processed_entity: unknown;
  result_hash: string | null;
  cache: unknown;
  errors: unknown;
  location_key: string | null;
  source: unknown;
  depth: number;
  priority: number;
  next_update_at: Date;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  processed_at: Date | null;
  attempted_at: Date | null;
  created_at: Date;
}

export interface RelationRow {
  originating_entity_id: string;
  source_entity_ref: string;
  type: string;
  target_entity_ref: string;
}

export interface FinalEntityRow {
  entity_id: string;
  entity_ref: string;
  hash: string;
  final_entity: string;
  content_hash: string;
  generation: number;
  updated_at: Date;
}

export interface SearchRow {
  entity_id: string;
  key: string;
  value: string | null;
  original_value: string | null;
}

export interface StitchQueueRow {
  entity_ref: string;
  priority: number;
  ticket: string;
  requested_at: Date;
  lease_owner: string | null;
  lease_expires_at: Date | null;
}

export interface ConflictRow {
  entity_ref: string;
  loser_location_key: string;
  loser_parent_ref: string;
  winner_location_key: string;
  detected_at: Date;
}

/** What stitching compares against: a served entity without its JSON text. */
export type FinalEntityHeadRow = Pick<
  FinalEntityRow,
  'entity_id' | 'entity_ref' | 'hash' | 'content_hash' | 'generation'
>;

/** A served entity as a read returns it; `sort_value` is the sort key's value of a sorted page. */
export interface ServedEntityRow {
  entity_id: string;
  final_entity: string;
  sort_value?: string;
}

/** A relation of an entity as stitching serves it: declared by it, or by another (reversed). */
export interface ServedRelationRow {
  ref: string;
  type: string;
  other: string;
}

/** The refresh state stitching assembles an entity from. */
export type StitchSourceRow = Pick<
  RefreshStateRow,
  'entity_id' | 'entity_ref' | 'processed_entity' | 'errors' | 'location_key'
>;

/** An entity's ref with its kind, lower case as stored. */
export type EntityKindRow = Pick<RefreshStateRow, 'entity_ref' | 'kind'>;

/** A Location entity and what it reads from (pushes are matched against it). */
export type LocationEntityRow = Pick<
  RefreshStateRow,
  'entity_ref' | 'location_key' | 'unprocessed_entity'
>;

/** One entity's processing history; `updated_at` is its served form's (null before a stitch). */
export interface ProcessingStateRow {
  unprocessed_entity: unknown;
  source: unknown;
  processed_at: Date | string | null;
  attempted_at: Date | string | null;
  next_update_at: Date | string | null;
  updated_at: Date | string | null;
}

/** What an entity's stored problems are described with. */
export type ProblemStateRow = Pick<
  RefreshStateRow,
  'entity_ref' | 'errors' | 'unprocessed_entity' | 'source'
>;

/** A conflict as a problem lists it. */
export type ConflictProblemRow = Pick<
  ConflictRow,
  'entity_ref' | 'loser_location_key' | 'winner_location_key'
>;

/** An ancestor's served entity with the refs of the entities that emitted it (JSON). */
export interface AncestryRow {
  ref: string;
  final_entity: string;
  parents: unknown;
}

/** A recently changed served entity, without the rest of its row. */
export type RecentEntityRow = Pick<FinalEntityRow, 'entity_ref' | 'final_entity'> & {
  updated_at: Date | string;
};

/** A consumer plugin's durable cursor over the change feed, in the consumer's own table. */
export interface ConsumerCursorRow {
  consumer_id: string;
  position: string | number;
}
