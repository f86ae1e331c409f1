import type { Knex } from 'knex';
import type { FilterPredicate } from '../../common/entities';
import { escapeLike, predicateToSql, type SqlFragment } from './predicateToSql';
import { chunks } from './refreshStateStore';
import { andAll, rowsOf } from './sqlRows';
import type { SearchRow } from './tables';

/**
 * Every statement on the search rows (`catalog_search`): the conditions reads filter served
 * entities with, facet counts, and the rows stitching keeps in step with the served entities.
 */

/** Which served entities a read selects, in the API's terms; compiled to SQL here. */
export interface EntitySelection {
  /** AND-ed; undefined ones are ignored. */
  predicates: ReadonlyArray<FilterPredicate | undefined>;
  /** Entities with a value containing `term` under one of `fields` (lower-cased keys). */
  fullText?: { term: string; fields: string[] };
  /** Only entities without a value for this search key. */
  lacksKey?: string;
}

/** The selection as conditions on an entity id column, AND-ed. */
export function selectionConditions(selection: EntitySelection, entityId: string): SqlFragment[] {
  const parts = selection.predicates
    .filter((predicate): predicate is FilterPredicate => predicate !== undefined)
    .map(predicate => predicateToSql(predicate, entityId));
  const { fullText, lacksKey } = selection;
  if (fullText) {
    const keys = fullText.fields.map(field => field.toLowerCase());
    parts.push({
      sql:
        `exists (select 1 from catalog_search t where t.entity_id = ${entityId}` +
        ` and t.key in (${keys.map(() => '?').join(', ')}) and t.value like ? escape '!')`,
      bindings: [...keys, `%${escapeLike(fullText.term.toLowerCase())}%`],
    });
  }
  if (lacksKey !== undefined) {
    parts.push({
      sql: `not exists (select 1 from catalog_search lk where lk.entity_id = ${entityId} and lk.key = ? and lk.value is not null)`,
      bindings: [lacksKey],
    });
  }
  return parts;
}

/**
 * Counts of each original value of one search key among the selected entities. It reads one
 * key's rows in entity order from the covering index and merge-joins them with the selection.
 */
export function readFacetCounts(
  knex: Knex,
  key: string,
  selection: EntitySelection,
): Promise<Array<{ value: string; count: number | string }>> {
  const filter = andAll(selectionConditions(selection, 'f.entity_id'));
  return rowsOf(knex, {
    sql:
      'select f.original_value as value, count(*) as count from catalog_search f' +
      ` where f.key = ? and f.original_value is not null${filter.sql}` +
      ' group by f.original_value',
    bindings: [key, ...filter.bindings],
  });
}

/** The search rows of these entities. */
export async function readSearchRows(
  trx: Knex.Transaction,
  entityIds: readonly string[],
): Promise<SearchRow[]> {
  const rows: SearchRow[] = [];
  for (const chunk of chunks(entityIds, 1000)) {
    const found = (await trx('catalog_search')
      .whereIn('entity_id', chunk)
      .select('entity_id', 'key', 'value', 'original_value')) as SearchRow[];
    // A loop, not push(...found): a chunk of a thousand large entities holds too many rows to
    // pass as arguments.
    for (const row of found) rows.push(row);
  }
  return rows;
}

/** Deletes exactly these rows (a value may be null, so compared with `is not distinct from`). */
export async function deleteSearchRows(
  trx: Knex.Transaction,
  rows: readonly SearchRow[],
): Promise<void> {
  for (const chunk of chunks(rows, 5000)) {
    await trx.raw(
      `delete from catalog_search as s
        using jsonb_to_recordset(?::jsonb) as v(entity_id uuid, key text, value text, original_value text)
        where s.entity_id = v.entity_id and s.key = v.key
          and s.value is not distinct from v.value and s.original_value is not distinct from v.original_value`,
      [JSON.stringify(chunk)],
    );
  }
}

/** Inserts search rows, each with the lower-cased kind of its entity (for the kind walk). */
export async function insertSearchRows(
  trx: Knex.Transaction,
  rows: readonly SearchRow[],
  kindOf: (entityId: string) => string | null,
): Promise<void> {
  for (const chunk of chunks(rows, 5000)) {
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
        JSON.stringify(chunk.map(row => kindOf(row.entity_id))),
      ],
    );
  }
}

/** Deletes every search row of these entities. */
export async function deleteSearchRowsOfEntities(
  trx: Knex.Transaction,
  entityIds: readonly string[],
): Promise<void> {
  await trx('catalog_search').whereIn('entity_id', entityIds).delete();
}
