import type { Knex } from 'knex';
import { ANNOTATION_ORIGIN_LOCATION } from '@callboard/catalog-model';
import type { ConflictProblemRow, ProblemStateRow } from './tables';

/**
 * The statements behind the problems the catalog lists: processing problems stored on the refresh
 * state (`errors`) and conflicts (`catalog_conflicts`, an entity another location defined first).
 */

/** Which problems to list: one entity's, the ones that came through one location, or all. */
export interface ProblemFilter {
  entityRef?: string;
  /** The registered or config location, `url:https://…` (a problem's `location`). */
  location?: string;
}

/** The registered or config location a refresh state row's entity came through (its origin). */
const originOf = (table: string) =>
  `(${table}.unprocessed_entity -> 'metadata' -> 'annotations' ->> '${ANNOTATION_ORIGIN_LOCATION}')`;

/**
 * How many problems the filter lists: each stored processing problem with a message (those
 * `problemsFrom` keeps) plus one per conflict. Problems, not entities: an entity may have several.
 */
export async function countProblems(knex: Knex, filter: ProblemFilter = {}): Promise<number> {
  const processing: string[] = [];
  const conflicts: string[] = [];
  const bindings: { processing: string[]; conflicts: string[] } = {
    processing: [],
    conflicts: [],
  };
  if (filter.entityRef) {
    processing.push('and s.entity_ref = ?');
    bindings.processing.push(filter.entityRef);
    conflicts.push('and entity_ref = ?');
    bindings.conflicts.push(filter.entityRef);
  }
  if (filter.location) {
    processing.push(`and ${originOf('s')} = ?`);
    bindings.processing.push(filter.location);
    conflicts.push('and loser_location_key = ?');
    bindings.conflicts.push(filter.location);
  }
  const result = (await knex.raw(
    `select
       (select count(*) from catalog_refresh_state s
          cross join lateral jsonb_array_elements(
            case when jsonb_typeof(s.errors) = 'array' then s.errors else '[]'::jsonb end) e
         where s.errors <> '[]'::jsonb and jsonb_typeof(e -> 'message') = 'string'
         ${processing.join(' ')})::int
       + (select count(*) from catalog_conflicts where true ${conflicts.join(' ')})::int as count`,
    [...bindings.processing, ...bindings.conflicts],
  )) as { rows: Array<{ count: number | string }> };
  return Number(result.rows[0]?.count ?? 0);
}

/**
 * Up to `limit` refs of entities with problems (processing problems, or a conflict) after
 * `afterRef`, in ref order.
 */
export async function refsWithProblems(
  knex: Knex,
  filter: ProblemFilter,
  page: { afterRef?: string; limit: number },
): Promise<string[]> {
  const withProblems = knex
    .select('entity_ref')
    .from('catalog_refresh_state')
    .whereRaw(`errors <> '[]'::jsonb`)
    .modify(query => {
      if (filter.location)
        query.whereRaw(`${originOf('catalog_refresh_state')} = ?`, [filter.location]);
    })
    .union(
      knex
        .select('entity_ref')
        .from('catalog_conflicts')
        .modify(query => {
          if (filter.location) query.where('loser_location_key', filter.location);
        }),
    );
  return (await knex
    .from(withProblems.as('p'))
    .modify(query => {
      if (filter.entityRef) query.where('p.entity_ref', filter.entityRef);
      if (page.afterRef !== undefined) query.where('p.entity_ref', '>', page.afterRef);
    })
    .orderBy('p.entity_ref')
    .limit(page.limit)
    .pluck('p.entity_ref')) as string[];
}

/** The stored processing problems of these entities, with what describes where they came from. */
export async function problemStatesOf(knex: Knex, refs: string[]): Promise<ProblemStateRow[]> {
  return (await knex('catalog_refresh_state')
    .whereIn('entity_ref', refs)
    .select('entity_ref', 'errors', 'unprocessed_entity', 'source')) as ProblemStateRow[];
}

/** The conflicts of these entities (only those lost by `location`, when given). */
export async function conflictsOf(
  knex: Knex,
  refs: string[],
  location?: string,
): Promise<ConflictProblemRow[]> {
  return (await knex('catalog_conflicts')
    .whereIn('entity_ref', refs)
    .modify(query => {
      if (location) query.where('loser_location_key', location);
    })
    .orderBy('loser_location_key')
    .select('entity_ref', 'loser_location_key', 'winner_location_key')) as ConflictProblemRow[];
}
