import type { Knex } from 'knex';
import { type Entity, parseEntityRef } from '@callboard/catalog-model';
import type { RecentEntitiesResponse } from '../../common/problems';
import { recentlyUpdatedEntities } from '../database/catalogOverviewStore';

/** The served entities that changed most recently, newest first. */
export async function recentEntities(knex: Knex, limit: number): Promise<RecentEntitiesResponse> {
  // The entity JSON is read only for the page's few rows.
  const rows = await recentlyUpdatedEntities(knex, limit);
  return {
    items: rows.map(row => {
      const entity = JSON.parse(row.final_entity) as Entity;
      const { namespace, name } = parseEntityRef(row.entity_ref);
      return {
        entityRef: row.entity_ref,
        kind: entity.kind,
        namespace,
        name: entity.metadata.name ?? name,
        ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
        updatedAt: new Date(row.updated_at).toISOString(),
      };
    }),
  };
}
