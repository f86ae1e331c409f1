import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import { buildSearchRows } from '../../stitching/buildSearchRows';

const hashOf = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 40);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size));
  return out;
}

/**
 * Writes entities the way the stitcher does: a refresh-state row, the final entity as JSON text
 * (with `metadata.uid` and `metadata.etag` filled in) and its search rows. Returns the stored
 * entities.
 */
export async function insertEntities(knex: Knex, entities: readonly Entity[]): Promise<Entity[]> {
  const stored = entities.map(entity => {
    const uid = entity.metadata.uid ?? randomUUID();
    const withUid: Entity = { ...entity, metadata: { ...entity.metadata, uid } };
    const etag = hashOf(withUid);
    return { ...withUid, metadata: { ...withUid.metadata, etag } };
  });
  for (const batch of chunks(stored, 500)) {
    await knex('catalog_refresh_state').insert(
      batch.map(entity => ({
        entity_id: entity.metadata.uid,
        entity_ref: stringifyEntityRef(entity),
        kind: entity.kind.toLowerCase(),
        unprocessed_entity: JSON.stringify(entity),
        unprocessed_hash: hashOf(entity),
        next_update_at: knex.fn.now(),
      })),
    );
    await knex('catalog_final_entities').insert(
      batch.map(entity => ({
        entity_id: entity.metadata.uid,
        entity_ref: stringifyEntityRef(entity),
        hash: entity.metadata.etag,
        final_entity: JSON.stringify(entity),
        content_hash: hashOf(entity.spec ?? {}),
      })),
    );
    const searchRows = batch.flatMap(entity =>
      buildSearchRows(entity).map(row => ({
        entity_id: entity.metadata.uid,
        ...row,
        kind: entity.kind.toLowerCase(),
      })),
    );
    for (const rows of chunks(searchRows, 5000)) {
      await knex('catalog_search').insert(rows);
    }
  }
  return stored;
}
