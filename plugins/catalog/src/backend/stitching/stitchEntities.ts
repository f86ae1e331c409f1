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
import { chunks } from '../database/refreshStateStore';
import { hashOf } from '../database/hash';
import { problemsFrom, toStatusItem } from '../database/Problem';
import { buildSearchRows } from './buildSearchRows';

export const CONFLICT_STATUS_TYPE = 'callboard.io/catalog-conflict';

interface StateRow {
  entity_id: string;
  entity_ref: string;
  processed_entity: unknown;
  errors: unknown;
  location_key: string | null;
}

interface FinalRow {
  entity_id: string;
  entity_ref: string;
  hash: string;
  content_hash: string;
  generation: number;
}

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
    const states = (await trx('catalog_refresh_state')
      .whereIn('entity_ref', batch)
      .select(
        'entity_id',
        'entity_ref',
        'processed_entity',
        'errors',
        'location_key',
      )) as StateRow[];
    // What the entity declares, and what others declare about it (seen through the reverse type).
    const relations = (await trx.raw(
      `select source_entity_ref as ref, type, target_entity_ref as other
         from catalog_relations where source_entity_ref in (select jsonb_array_elements_text(?::jsonb))
       union
       select target_entity_ref as ref, reverse_type as type, source_entity_ref as other
         from catalog_relations where target_entity_ref in (select jsonb_array_elements_text(?::jsonb))`,
      [JSON.stringify(batch), JSON.stringify(batch)],
    )) as { rows: Array<{ ref: string; type: string; other: string }> };
    const conflicts = (await trx('catalog_conflicts')
      .whereIn('entity_ref', batch)
      .select('*')) as Array<{
      entity_ref: string;
      loser_location_key: string;
      winner_location_key: string;
    }>;
    const referenced = new Set(
      (
        (await trx('catalog_refresh_references')
          .whereIn('target_entity_ref', batch)
          .distinct('target_entity_ref')) as Array<{
          target_entity_ref: string;
        }>
      ).map(row => row.target_entity_ref),
    );
    const finals = new Map(
      (
        (await trx('catalog_final_entities')
          .whereIn('entity_ref', batch)
          .select('entity_id', 'entity_ref', 'hash', 'content_hash', 'generation')) as FinalRow[]
      ).map(row => [row.entity_ref, row]),
    );

    const relationsByRef = groupBy(relations.rows, row => row.ref);
    const conflictsByRef = groupBy(conflicts, row => row.entity_ref);
    const upserts: Array<{ row: Record<string, unknown>; entity: Entity; isNew: boolean }> = [];
    const stale: string[] = [];
    const statesByRef = new Map(states.map(state => [state.entity_ref, state]));

    for (const ref of batch) {
      const state = statesByRef.get(ref);
      const processed = parseJson(state?.processed_entity) as Entity | undefined;
      if (!state || !processed) {
        // Never processed successfully (or gone): invisible through the API.
        if (finals.has(ref)) stale.push(finals.get(ref)!.entity_id);
        continue;
      }
      const previous = finals.get(ref);
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
        relations: relationsByRef.get(ref) ?? [],
        problems: problemsFrom(parseJson(state.errors)),
        conflicts: conflictsByRef.get(ref) ?? [],
        orphan:
          options.orphanStrategy === 'keep' && !referenced.has(ref) && state.location_key !== null,
      });
      const hash = hashOf(entity);
      if (previous?.hash === hash) {
        summary.unchanged++;
        continue;
      }
      entity.metadata.etag = hash;
      upserts.push({
        entity,
        isNew: !previous,
        row: {
          entity_id: state.entity_id,
          entity_ref: ref,
          hash,
          final_entity: JSON.stringify(entity),
          content_hash: contentHash,
          generation,
          updated_at: trx.fn.now(),
        },
      });
    }

    if (stale.length > 0) {
      await trx('catalog_search').whereIn('entity_id', stale).delete();
      await trx('catalog_final_entities').whereIn('entity_id', stale).delete();
      summary.removed += stale.length;
    }
    if (upserts.length > 0) {
      await trx('catalog_final_entities')
        .insert(upserts.map(upsert => upsert.row))
        .onConflict('entity_id')
        .merge(['hash', 'final_entity', 'content_hash', 'generation', 'updated_at', 'entity_ref']);
      await writeSearchRows(
        trx,
        upserts.map(upsert => ({
          entityId: upsert.row.entity_id as string,
          entity: upsert.entity,
          isNew: upsert.isNew,
        })),
      );
      summary.written += upserts.length;
    }
  }
  return summary;
}

type SearchRow = {
  entity_id: string;
  key: string;
  value: string | null;
  original_value: string | null;
};

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
  for (const chunk of chunks(changedIds, 1000)) {
    const rows = (await trx('catalog_search')
      .whereIn('entity_id', chunk)
      .select('entity_id', 'key', 'value', 'original_value')) as SearchRow[];
    for (const row of rows) existing.set(searchRowKey(row), row);
  }
  const inserts: SearchRow[] = [];
  for (const row of desired) {
    const key = searchRowKey(row);
    if (existing.has(key)) existing.delete(key);
    else inserts.push(row);
  }
  const deletes = [...existing.values()];
  for (const chunk of chunks(deletes, 5000)) {
    await trx.raw(
      `delete from catalog_search as s
        using jsonb_to_recordset(?::jsonb) as v(entity_id uuid, key text, value text, original_value text)
        where s.entity_id = v.entity_id and s.key = v.key
          and s.value is not distinct from v.value and s.original_value is not distinct from v.original_value`,
      [JSON.stringify(chunk)],
    );
  }
  const kindOf = new Map(entities.map(e => [e.entityId, e.entity.kind.toLowerCase()]));
  for (const chunk of chunks(inserts, 5000)) {
    // One JSON array per column, zipped by ROWS FROM: the largest write of stitching, and
    // PostgreSQL parses these in a third of the time it takes for one object per row
    // (jsonb_to_recordset), which also repeats every column name in every row.
    await trx.raw(
      `insert into catalog_search (entity_id, key, value, original_value, kind)
       select entity_id::uuid, key, value, original_value, kind
         from rows from (json_array_elements_text(?::json), json_array_elements_text(?::json),
                         json_array_elements_text(?::json), json_array_elements_text(?::json),
                         json_array_elements_text(?::json)) as v(entity_id, key, value, original_value, kind)`,
      [
        JSON.stringify(chunk.map(row => row.entity_id)),
        JSON.stringify(chunk.map(row => row.key)),
        JSON.stringify(chunk.map(row => row.value)),
        JSON.stringify(chunk.map(row => row.original_value)),
        JSON.stringify(chunk.map(row => kindOf.get(row.entity_id) ?? null)),
      ],
    );
  }
}

function assemble(input: {
  processed: Entity;
  entityId: string;
  generation: number;
  relations: Array<{ type: string; other: string }>;
  problems: ReturnType<typeof problemsFrom>;
  conflicts: Array<{ loser_location_key: string; winner_location_key: string }>;
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
