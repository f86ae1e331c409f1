import type { Knex } from 'knex';
import type { EntityOrder } from '../../common/entities';
import { keyList, kindSortKeys } from './kindSortKeys';
import type { SqlFragment } from './predicateToSql';
import { selectionConditions, type EntitySelection } from './searchRowsStore';
import { andAll, pageRowsOf, rowsOf } from './sqlRows';
import type {
  FinalEntityHeadRow,
  FinalEntityRow,
  ServedEntityRow,
  ServedRelationRow,
} from './tables';

/**
 * Every statement on the served entities (`catalog_final_entities`): the reads that serve the
 * entity endpoints, and what stitching reads and writes, with the relations it serves.
 */

/** One keyset page of served entities (a by-query page, or a chunk of a streamed list). */
export interface EntityPageSpec {
  selection: EntitySelection;
  /** The kind the selection forces (lower-case), so a sorted walk reads only that kind's rows. */
  kind?: string;
  sort?: { key: string; order: 'asc' | 'desc' };
  /** `[sortValue, id]` when sorted, `[id]` otherwise; exclusive. */
  boundary?: readonly string[];
  backward?: boolean;
  limit: number;
  offset?: number;
}

/** Keys every stitched entity has a value for: sorting by them excludes nothing. */
const alwaysIndexedKeys = new Set([
  'apiversion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
]);

/**
 * One page in keyset order. Sorted pages are driven by the `(key, value, entity_id)` index of
 * the sort key, so PostgreSQL walks it in order and stops at the limit; an entity with several
 * values for the key (an array) is placed by its smallest one, and entities without a value
 * are left out. Unsorted pages walk the primary key.
 */
export function readEntityPage(knex: Knex, spec: EntityPageSpec): Promise<ServedEntityRow[]> {
  const descending = (spec.sort?.order === 'desc') !== Boolean(spec.backward);
  const order = {
    direction: descending ? 'desc' : 'asc',
    after: descending ? '<' : '>',
    tail: `limit ?${spec.offset ? ' offset ?' : ''}`,
    tailBindings: spec.offset ? [spec.limit, spec.offset] : [spec.limit],
  };
  return pageRowsOf<ServedEntityRow>(
    knex,
    spec.sort ? sortedPage(spec, spec.sort, order) : unsortedPage(spec, order),
  );
}

interface PageOrder {
  direction: string;
  after: string;
  tail: string;
  tailBindings: number[];
}

function sortedPage(
  spec: EntityPageSpec,
  sort: { key: string },
  { direction, after, tail, tailBindings }: PageOrder,
): SqlFragment {
  const conditions = andAll(selectionConditions(spec.selection, 'o.entity_id'));
  const [value, id] = spec.boundary ?? [];
  const keyset = id !== undefined ? ` and (o.value, o.entity_id) ${after} (?, ?)` : '';
  // The kind walk's index is partial (kindSortKeys); its predicate, repeated word for word,
  // lets the planner use it whatever the plan's parameters.
  const kind = spec.kind !== undefined && kindSortKeys.includes(sort.key) ? spec.kind : undefined;
  const kindCondition = kind !== undefined ? ` and o.key in (${keyList()}) and o.kind = ?` : '';
  return {
    sql:
      `select o.entity_id, e.final_entity, o.value as sort_value` +
      ` from catalog_search o join catalog_final_entities e on e.entity_id = o.entity_id` +
      ` where o.key = ?${kindCondition} and o.value is not null` +
      ` and not exists (select 1 from catalog_search m where m.entity_id = o.entity_id` +
      ` and m.key = ? and m.value < o.value)` +
      `${conditions.sql}${keyset}` +
      ` order by o.value ${direction}, o.entity_id ${direction} ${tail}`,
    bindings: [
      sort.key,
      ...(kind !== undefined ? [kind] : []),
      sort.key,
      ...conditions.bindings,
      ...(id !== undefined ? [value, id] : []),
      ...tailBindings,
    ],
  };
}

function unsortedPage(
  spec: EntityPageSpec,
  { direction, after, tail, tailBindings }: PageOrder,
): SqlFragment {
  const conditions = andAll(selectionConditions(spec.selection, 'e.entity_id'));
  const [id] = spec.boundary ?? [];
  return {
    sql:
      `select e.entity_id, e.final_entity from catalog_final_entities e where true` +
      `${conditions.sql}${id !== undefined ? ` and e.entity_id ${after} ?` : ''}` +
      ` order by e.entity_id ${direction} ${tail}`,
    bindings: [...conditions.bindings, ...(id !== undefined ? [id] : []), ...tailBindings],
  };
}

/** How many served entities a by-query walk sorted by `sortKey` (if any) passes through. */
export async function countEntities(
  knex: Knex,
  selection: EntitySelection,
  sortKey: string | undefined,
): Promise<number> {
  const parts = selectionConditions(selection, 'e.entity_id');
  if (sortKey && !alwaysIndexedKeys.has(sortKey)) {
    parts.unshift({
      sql: `exists (select 1 from catalog_search o where o.entity_id = e.entity_id and o.key = ? and o.value is not null)`,
      bindings: [sortKey],
    });
  }
  const filtered = andAll(parts);
  const [row] = await rowsOf<{ count: number | string }>(knex, {
    sql: `select count(*) as count from catalog_final_entities e where true${filtered.sql}`,
    bindings: filtered.bindings,
  });
  return Number(row?.count ?? 0);
}

/** One page of `GET /entities` by offset: entities lacking an order field come last. */
export interface ListPageSpec {
  selection: EntitySelection;
  order: readonly EntityOrder[];
  /** The kind the selection forces (lower-case), for an unordered list. */
  kind?: string;
  limit?: number;
  offset: number;
  /** Also select `final_entity` (a small page), not only the ordered ids. */
  withEntities: boolean;
}

export function readListPage(
  knex: Knex,
  spec: ListPageSpec,
): Promise<Array<{ entity_id: string; final_entity?: string }>> {
  const { order, limit } = spec;
  const filter = andAll(selectionConditions(spec.selection, 'e.entity_id'));
  // Unordered lists go by ref, and one kind's refs are one range of the ref index
  // (refOrderMigrations): read that range instead of walking the kinds before it.
  const kindRange =
    spec.kind !== undefined
      ? {
          sql: ' and e.entity_ref >= ? and e.entity_ref < ?',
          bindings: [`${spec.kind}:`, `${spec.kind};`],
        }
      : { sql: '', bindings: [] };
  const joins = order.map(
    (_, index) =>
      ` left join lateral (select min(s.value) as v from catalog_search s` +
      ` where s.entity_id = e.entity_id and s.key = ?) o${index} on true`,
  );
  const orderBy = [
    ...order.map((item, index) => `o${index}.v ${item.order} nulls last`),
    order.length > 0 ? 'e.entity_id asc' : 'e.entity_ref asc',
  ];
  return pageRowsOf(knex, {
    sql:
      `select e.entity_id${spec.withEntities ? ', e.final_entity' : ''} from catalog_final_entities e` +
      `${joins.join('')} where true${kindRange.sql}${filter.sql}` +
      ` order by ${orderBy.join(', ')}${limit !== undefined ? ' limit ?' : ''} offset ?`,
    bindings: [
      ...order.map(item => item.field.toLowerCase()),
      ...kindRange.bindings,
      ...filter.bindings,
      ...(limit !== undefined ? [limit] : []),
      spec.offset,
    ],
  });
}

/** The served entities with these ids, in no particular order; missing ones are left out. */
export function readServedEntitiesByIds(
  knex: Knex,
  ids: readonly string[],
): Promise<ServedEntityRow[]> {
  return rowsOf(knex, {
    sql: 'select entity_id, final_entity from catalog_final_entities where entity_id = any(?)',
    bindings: [ids],
  });
}

/** The selected served entities with these refs, in no particular order. */
export function readServedEntitiesByRefs(
  knex: Knex,
  refs: readonly string[],
  selection: EntitySelection,
): Promise<Array<{ entity_ref: string; final_entity: string }>> {
  const filter = andAll(selectionConditions(selection, 'e.entity_id'));
  return rowsOf(knex, {
    sql:
      'select e.entity_ref, e.final_entity from catalog_final_entities e' +
      ` where e.entity_ref = any(?)${filter.sql}`,
    bindings: [refs, ...filter.bindings],
  });
}

/** The served entity with this uid (a valid uuid), as JSON text. */
/** The ref of every served entity, in ref order (a consumer's full resync lists them). */
export async function readServedRefs(knex: Knex): Promise<string[]> {
  const rows = (await knex('catalog_final_entities')
    .orderBy('entity_ref')
    .select('entity_ref')) as Array<{ entity_ref: string }>;
  return rows.map(row => row.entity_ref);
}

export async function readServedEntityById(knex: Knex, uid: string): Promise<string | undefined> {
  const [row] = await rowsOf<{ final_entity: string }>(knex, {
    sql: 'select final_entity from catalog_final_entities where entity_id = ?',
    bindings: [uid],
  });
  return row?.final_entity;
}

/** The served entity with this (normalized) ref, as JSON text. */
export async function readServedEntityByRef(knex: Knex, ref: string): Promise<string | undefined> {
  const [row] = await rowsOf<{ final_entity: string }>(knex, {
    sql: 'select final_entity from catalog_final_entities where entity_ref = ?',
    bindings: [ref],
  });
  return row?.final_entity;
}

/** What stitching compares new entities against: the served ones with these refs. */
export function readFinalEntityHeads(
  trx: Knex.Transaction,
  refs: readonly string[],
): Promise<FinalEntityHeadRow[]> {
  return trx('catalog_final_entities')
    .whereIn('entity_ref', refs)
    .select('entity_id', 'entity_ref', 'hash', 'content_hash', 'generation') as Promise<
    FinalEntityHeadRow[]
  >;
}

/** What each entity declares, and what others declare about it (seen through the reverse type). */
export async function readServedRelations(
  trx: Knex.Transaction,
  refs: readonly string[],
): Promise<ServedRelationRow[]> {
  const result = (await trx.raw(
    `select source_entity_ref as ref, type, target_entity_ref as other
       from catalog_relations where source_entity_ref in (select jsonb_array_elements_text(?::jsonb))
     union
     select target_entity_ref as ref, reverse_type as type, source_entity_ref as other
       from catalog_relations where target_entity_ref in (select jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(refs), JSON.stringify(refs)],
  )) as { rows: ServedRelationRow[] };
  return result.rows;
}

/** Writes stitched entities, stamped with the time of writing. */
export async function upsertFinalEntities(
  trx: Knex.Transaction,
  rows: ReadonlyArray<Omit<FinalEntityRow, 'updated_at'>>,
): Promise<void> {
  await trx('catalog_final_entities')
    .insert(rows.map(row => ({ ...row, updated_at: trx.fn.now() })))
    .onConflict('entity_id')
    .merge(['hash', 'final_entity', 'content_hash', 'generation', 'updated_at', 'entity_ref']);
}

export async function deleteFinalEntities(
  trx: Knex.Transaction,
  entityIds: readonly string[],
): Promise<void> {
  await trx('catalog_final_entities').whereIn('entity_id', entityIds).delete();
}
