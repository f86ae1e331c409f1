import type { Knex } from 'knex';
import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_ORPHAN,
  ANNOTATION_VIEW_URL,
  type Entity,
  type EntityStatusItem,
  isScriptUrl,
  REJECTED_ANNOTATION_URL,
} from '@callboard/catalog-model';
import {
  deleteFinalEntities,
  readFinalEntityHeads,
  readServedRelations,
  upsertFinalEntities,
} from '../database/finalEntitiesStore';
import {
  chunks,
  readConflictsOf,
  readReferencedRefs,
  readStitchSources,
} from '../database/refreshStateStore';
import {
  deleteSearchRows,
  deleteSearchRowsOfEntities,
  insertSearchRows,
  readSearchRows,
} from '../database/searchRowsStore';
import { hashOf } from '../database/hash';
import { problemsFrom, toStatusItem } from '../database/Problem';
import type {
  ConflictRow,
  FinalEntityHeadRow,
  FinalEntityRow,
  SearchRow,
  ServedRelationRow,
  StitchSourceRow,
} from '../database/tables';
import { buildSearchRows } from './buildSearchRows';

export const CONFLICT_STATUS_TYPE = 'callboard.io/catalog-conflict';

export interface StitchSummary {
  written: number;
  removed: number;
  unchanged: number;
}

/**
 * Assembles the entities the API serves: the last good processed entity, with its uid, etag and
 * generation, every relation whose source it is (including reverses emitted by others), its
 * current problems and conflicts as `status.items`, and the orphan mark. Writes only what changed,
 * and keeps the search rows of what changed in step.
 */
export async function stitchEntities(
  trx: Knex.Transaction,
  refs: readonly string[],
  options: { orphanStrategy: 'delete' | 'keep' },
): Promise<StitchSummary> {
  const summary: StitchSummary = { written: 0, removed: 0, unchanged: 0 };
  for (const batch of chunks(refs, 500)) {
    const plan = planBatch(batch, await readBatch(trx, batch), options);
    summary.unchanged += plan.unchanged;
    if (plan.stale.length > 0) {
      await deleteSearchRowsOfEntities(trx, plan.stale);
      await deleteFinalEntities(trx, plan.stale);
      summary.removed += plan.stale.length;
    }
    if (plan.upserts.length > 0) {
      await upsertFinalEntities(
        trx,
        plan.upserts.map(upsert => upsert.row),
      );
      await writeSearchRows(
        trx,
        plan.upserts.map(upsert => ({
          entityId: upsert.row.entity_id,
          entity: upsert.entity,
          isNew: upsert.isNew,
        })),
      );
      summary.written += plan.upserts.length;
    }
  }
  return summary;
}

/** Everything one batch of refs is stitched from, and what is served for them now. */
interface BatchInputs {
  statesByRef: Map<string, StitchSourceRow>;
  relationsByRef: Map<string, ServedRelationRow[]>;
  conflictsByRef: Map<string, ConflictRow[]>;
  referenced: Set<string>;
  finals: Map<string, FinalEntityHeadRow>;
}

async function readBatch(trx: Knex.Transaction, batch: readonly string[]): Promise<BatchInputs> {
  const states = await readStitchSources(trx, batch);
  const relations = await readServedRelations(trx, batch);
  const conflicts = await readConflictsOf(trx, batch);
  const referenced = await readReferencedRefs(trx, batch);
  const finals = await readFinalEntityHeads(trx, batch);
  return {
    statesByRef: new Map(states.map(state => [state.entity_ref, state])),
    relationsByRef: groupBy(relations, row => row.ref),
    conflictsByRef: groupBy(conflicts, row => row.entity_ref),
    referenced,
    finals: new Map(finals.map(row => [row.entity_ref, row])),
  };
}

interface BatchPlan {
  upserts: Array<{ row: Omit<FinalEntityRow, 'updated_at'>; entity: Entity; isNew: boolean }>;
  /** Served entities that must no longer be served. */
  stale: string[];
  /** Entities whose served form is already what they assemble to. */
  unchanged: number;
}

/** What to write for one batch. */
function planBatch(
  batch: readonly string[],
  inputs: BatchInputs,
  options: { orphanStrategy: 'delete' | 'keep' },
): BatchPlan {
  const plan: BatchPlan = { upserts: [], stale: [], unchanged: 0 };
  for (const ref of batch) {
    const state = inputs.statesByRef.get(ref);
    const processed = parseJson(state?.processed_entity) as Entity | undefined;
    const previous = inputs.finals.get(ref);
    if (!state || !processed) {
      // Never processed successfully (or gone): invisible through the API.
      if (previous) plan.stale.push(previous.entity_id);
      continue;
    }
    const contentHash = hashOf(processed);
    const generation = !previous
      ? 1
      : previous.content_hash === contentHash
        ? previous.generation
        : previous.generation + 1;
    const entity = assemble({
      processed,
      entityId: state.entity_id,
      generation,
      relations: inputs.relationsByRef.get(ref) ?? [],
      problems: problemsFrom(parseJson(state.errors)),
      conflicts: inputs.conflictsByRef.get(ref) ?? [],
      orphan:
        options.orphanStrategy === 'keep' &&
        !inputs.referenced.has(ref) &&
        state.location_key !== null,
    });
    const hash = hashOf(entity);
    if (previous?.hash === hash) {
      plan.unchanged++;
      continue;
    }
    entity.metadata.etag = hash;
    plan.upserts.push({
      entity,
      isNew: !previous,
      row: {
        entity_id: state.entity_id,
        entity_ref: ref,
        hash,
        final_entity: JSON.stringify(entity),
        content_hash: contentHash,
        generation,
      },
    });
  }
  return plan;
}

const searchRowKey = (row: SearchRow) =>
  `${row.entity_id}\u0000${row.key}\u0000${row.value ?? '\u0001'}\u0000${row.original_value ?? '\u0001'}`;

/**
 * Brings the search rows of stitched entities up to date, writing only what differs: a Group
 * that gained one member gets one new row, not all of its rows again. Inserting these rows is
 * the largest write of stitching.
 */
async function writeSearchRows(
  trx: Knex.Transaction,
  entities: Array<{ entityId: string; entity: Entity; isNew: boolean }>,
): Promise<void> {
  const desired = entities.flatMap(({ entityId, entity }) =>
    buildSearchRows(entity).map((row): SearchRow => ({ entity_id: entityId, ...row })),
  );
  const changedIds = entities.filter(e => !e.isNew).map(e => e.entityId);
  const existing = new Map<string, SearchRow>();
  for (const row of await readSearchRows(trx, changedIds)) existing.set(searchRowKey(row), row);
  const inserts: SearchRow[] = [];
  for (const row of desired) {
    const key = searchRowKey(row);
    if (existing.has(key)) existing.delete(key);
    else inserts.push(row);
  }
  await deleteSearchRows(trx, [...existing.values()]);
  const kindOf = new Map(entities.map(e => [e.entityId, e.entity.kind.toLowerCase()]));
  await insertSearchRows(trx, inserts, entityId => kindOf.get(entityId) ?? null);
}

function assemble(input: {
  processed: Entity;
  entityId: string;
  generation: number;
  relations: Array<{ type: string; other: string }>;
  problems: ReturnType<typeof problemsFrom>;
  conflicts: Array<Pick<ConflictRow, 'loser_location_key' | 'winner_location_key'>>;
  orphan: boolean;
}): Entity {
  const { processed } = input;
  const annotations = { ...processed.metadata.annotations };
  for (const key of [ANNOTATION_VIEW_URL, ANNOTATION_EDIT_URL]) {
    const value = annotations[key];
    if (value && isScriptUrl(value)) annotations[key] = REJECTED_ANNOTATION_URL;
  }
  if (input.orphan) annotations[ANNOTATION_ORPHAN] = 'true';

  const relations = [
    ...new Map(
      input.relations.map(row => [
        `${row.type}\u0000${row.other}`,
        { type: row.type, targetRef: row.other },
      ]),
    ).values(),
  ].sort((a, b) =>
    a.type === b.type ? compare(a.targetRef, b.targetRef) : compare(a.type, b.type),
  );

  const items: EntityStatusItem[] = input.problems.map(toStatusItem);
  for (const conflict of input.conflicts) {
    const message = `Also defined at ${conflict.loser_location_key}; that copy is ignored because ${conflict.winner_location_key} defined this entity first`;
    items.push({
      type: CONFLICT_STATUS_TYPE,
      level: 'warning',
      message: `ConflictError: ${message}`,
      error: { name: 'ConflictError', message },
    } as EntityStatusItem);
  }

  const {
    uid: _uid,
    etag: _etag,
    ...metadata
  } = processed.metadata as Entity['metadata'] & { uid?: string; etag?: string };
  const entity: Entity = {
    apiVersion: processed.apiVersion,
    kind: processed.kind,
    metadata: {
      ...metadata,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      uid: input.entityId,
      generation: input.generation,
    } as Entity['metadata'],
    ...(processed.spec !== undefined ? { spec: processed.spec } : {}),
    relations,
    ...(items.length > 0 ? { status: { items } } : {}),
  };
  return entity;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}
