import type { Knex } from 'knex';
import type { AncestryRow, RecentEntityRow } from './tables';

/**
 * Reads across the served entities and the queues for the catalog's maintenance endpoints
 * (status, recent changes, ancestry) and for analyze-location. Reads only.
 */

/** How many entities are served, locations registered, and entities waiting in each queue. */
export interface CatalogCounts {
  entities: number;
  locations: number;
  due: number;
  requested: number;
  inProgress: number;
  stitching: number;
}

export async function countCatalogState(knex: Knex): Promise<CatalogCounts> {
  const result = (await knex.raw(
    `select
     (select count(*) from catalog_final_entities)::int as entities,
     (select count(*) from catalog_locations)::int as locations,
     (select count(*) from catalog_refresh_state where next_update_at <= now())::int as due,
     (select count(*) from catalog_refresh_state where priority = 0 and next_update_at <= now())::int as requested,
     (select count(*) from catalog_refresh_state where lease_owner is not null and lease_expires_at > now())::int as in_progress,
     (select count(*) from catalog_stitch_queue)::int as stitching`,
  )) as { rows: Array<Record<string, number>> };
  const row = result.rows[0] ?? {};
  return {
    entities: row.entities ?? 0,
    locations: row.locations ?? 0,
    due: row.due ?? 0,
    requested: row.requested ?? 0,
    inProgress: row.in_progress ?? 0,
    stitching: row.stitching ?? 0,
  };
}

/** The served entities that changed most recently, newest first (the index orders them). */
export async function recentlyUpdatedEntities(
  knex: Knex,
  limit: number,
): Promise<RecentEntityRow[]> {
  return (await knex('catalog_final_entities')
    .orderBy([
      { column: 'updated_at', order: 'desc' },
      { column: 'entity_ref', order: 'asc' },
    ])
    .limit(limit)
    .select('entity_ref', 'final_entity', 'updated_at')) as RecentEntityRow[];
}

/** Which of these refs are served now. */
export async function servedRefsAmong(knex: Knex, refs: string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  return (await knex('catalog_final_entities')
    .whereIn('entity_ref', refs)
    .pluck('entity_ref')) as string[];
}

/** The served entities among these refs, each with the refs of the entities that emitted it. */
export async function servedWithParents(knex: Knex, refs: string[]): Promise<AncestryRow[]> {
  const result = (await knex.raw(
    `select f.entity_ref as ref, f.final_entity,
            coalesce((select json_agg(r.source_entity_ref order by r.source_entity_ref)
                        from catalog_refresh_references r
                       where r.target_entity_ref = f.entity_ref
                         and r.source_entity_ref is not null), '[]'::json) as parents
       from catalog_final_entities f
      where f.entity_ref = any(?)`,
    [refs],
  )) as { rows: AncestryRow[] };
  return result.rows;
}
