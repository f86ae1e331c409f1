import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { NotFoundError } from '@callboard/plugin-api/common';
import type { LocationRow } from './tables';
import { deleteEntitiesWithDescendants } from './refreshStateStore';
import { enqueueStitch } from './stitchQueue';
import { hashOf } from './hash';
import { rootLocationEntity } from './rootLocationEntity';
import { uuidV7 } from './uuidV7';

export interface StoredLocation {
  id: string;
  type: string;
  target: string;
  /** The generated Location entity standing for it. */
  entityRef: string;
  source: 'api' | 'config';
}

export function toStoredLocation(row: LocationRow): StoredLocation {
  return {
    id: row.id,
    type: row.type,
    target: row.target,
    entityRef: rootLocationEntity(row.type, row.target).entityRef,
    source: row.source,
  };
}

/** The location registered for this type and target, if any. */
export async function locationByTarget(
  knex: Knex | Knex.Transaction,
  type: string,
  target: string,
): Promise<LocationRow | undefined> {
  return (await knex('catalog_locations').where({ type, target }).first()) as
    LocationRow | undefined;
}

/** The location with this id, if any (`id` must be a uuid: the column refuses other text). */
export async function locationById(
  knex: Knex | Knex.Transaction,
  id: string,
): Promise<LocationRow | undefined> {
  return (await knex('catalog_locations').where({ id }).first()) as LocationRow | undefined;
}

/** Every location, oldest first (ties by id, so pages are stable). */
export async function listLocationRows(knex: Knex): Promise<LocationRow[]> {
  return (await knex('catalog_locations').orderBy('created_at').orderBy('id')) as LocationRow[];
}

/** Where an entity's origin location came from; `api` when it is not (or no longer) stored. */
export async function locationSourceOf(
  knex: Knex,
  type: string,
  target: string,
): Promise<'api' | 'config'> {
  const row = (await knex('catalog_locations').where({ type, target }).first('source')) as
    { source: 'api' | 'config' } | undefined;
  return row?.source ?? 'api';
}

/** `insertLocation` in a transaction of its own. */
export async function addLocation(
  knex: Knex,
  location: { type: string; target: string; source: 'api' | 'config' },
): Promise<StoredLocation> {
  return knex.transaction(trx => insertLocation(trx, location));
}

/** `upsertRootEntity` in a transaction of its own: the location is read again now, in full. */
export async function rereadLocationRoot(
  knex: Knex,
  location: { id: string; type: string; target: string },
): Promise<void> {
  await knex.transaction(trx => upsertRootEntity(trx, location));
}

/** `deleteLocation` in a transaction of its own. */
export async function removeLocation(knex: Knex, id: string): Promise<void> {
  await knex.transaction(trx => deleteLocation(trx, id));
}

/**
 * Points a registered location at another target under the same id and creation time. The new
 * target's root entity is read now; what the old target produced stays served until the new
 * target's tree is processed and stitched, then what the new one does not define goes (issue 13
 * §6): a reader never sees the location emptied in between.
 */
export async function retargetLocation(
  knex: Knex,
  row: LocationRow,
  spec: { type: string; target: string },
): Promise<StoredLocation> {
  return knex.transaction(async trx => {
    const released = (await trx('catalog_refresh_references')
      .where({ source_key: `location:${row.id}` })
      .delete()
      .returning('target_entity_ref')) as Array<{ target_entity_ref: string }>;
    await trx('catalog_locations')
      .where({ id: row.id })
      .update({ type: spec.type, target: spec.target, source: 'api' });
    const newRoot = await upsertRootEntity(trx, {
      id: row.id,
      type: spec.type,
      target: spec.target,
    });
    const oldRoots = released.map(r => r.target_entity_ref).filter(ref => ref !== newRoot);
    if (oldRoots.length > 0) {
      // The new root takes over the old one's children as if it had emitted them: when it is
      // read, what it emits again stays (no conflict with the old target's location key) and
      // what it no longer emits waits for its new tree to be served before it goes, as after
      // any change to a location.
      await trx('catalog_refresh_references')
        .whereIn('source_entity_ref', oldRoots)
        .update({ source_entity_ref: newRoot });
      const removed = await deleteEntitiesWithDescendants(trx, oldRoots);
      await enqueueStitch(trx, removed.stitch, 0);
    }
    return toStoredLocation({ ...row, type: spec.type, target: spec.target });
  });
}

/**
 * Adds (or re-adds) a location's root entity and asks for it to be read now. Used when a location
 * is registered, when config locations are synced, and for `onConflict=refresh`.
 */
export async function upsertRootEntity(
  trx: Knex.Transaction,
  location: { id: string; type: string; target: string },
): Promise<string> {
  const root = rootLocationEntity(location.type, location.target);
  await trx('catalog_refresh_state')
    .insert({
      entity_id: uuidV7(),
      entity_ref: root.entityRef,
      kind: 'location',
      unprocessed_entity: JSON.stringify(root.entity),
      unprocessed_hash: hashOf(root.entity),
      errors: '[]',
      location_key: root.locationKey,
      depth: 0,
      priority: 0,
      next_update_at: trx.fn.now(),
    })
    .onConflict('entity_ref')
    .merge({
      unprocessed_entity: JSON.stringify(root.entity),
      unprocessed_hash: hashOf(root.entity),
      location_key: root.locationKey,
      priority: 0,
      next_update_at: trx.fn.now(),
      // Forces a full rewrite of what it reads (onConflict=refresh, a re-registration).
      result_hash: null,
    });
  const sourceKey = `location:${location.id}`;
  const existing = (await trx('catalog_refresh_references')
    .where({ source_key: sourceKey, target_entity_ref: root.entityRef })
    .first()) as object | undefined;
  if (!existing) {
    await trx('catalog_refresh_references').insert({
      source_key: sourceKey,
      target_entity_ref: root.entityRef,
    });
  }
  await trx.raw(`select pg_notify('catalog_process', '')`);
  return root.entityRef;
}

export async function insertLocation(
  trx: Knex.Transaction,
  location: { type: string; target: string; source: 'api' | 'config' },
): Promise<StoredLocation> {
  const id = randomUUID();
  await trx('catalog_locations').insert({ id, ...location });
  await upsertRootEntity(trx, { id, ...location });
  return {
    id,
    ...location,
    entityRef: rootLocationEntity(location.type, location.target).entityRef,
  };
}

/** Removes a location and, eagerly, every entity that was only reachable through it. */
export async function deleteLocation(
  trx: Knex.Transaction,
  id: string,
): Promise<{ deleted: string[] }> {
  const row = (await trx('catalog_locations').where({ id }).first()) as LocationRow | undefined;
  if (!row) {
    throw new NotFoundError(`Found no location with ID ${id}`);
  }
  await trx('catalog_locations').where({ id }).delete();
  const released = (await trx('catalog_refresh_references')
    .where({ source_key: `location:${id}` })
    .delete()
    .returning('target_entity_ref')) as Array<{
    target_entity_ref: string;
  }>;
  const candidates = released.map(r => r.target_entity_ref);
  const stillReferenced = new Set(
    (
      (await trx('catalog_refresh_references')
        .whereIn('target_entity_ref', candidates)
        .distinct('target_entity_ref')) as Array<{
        target_entity_ref: string;
      }>
    ).map(r => r.target_entity_ref),
  );
  const result = await deleteEntitiesWithDescendants(
    trx,
    candidates.filter(ref => !stillReferenced.has(ref)),
  );
  await enqueueStitch(trx, result.stitch, 0);
  return { deleted: result.deleted };
}

/**
 * Makes the config locations in the database match app-config: new ones are added and read now,
 * ones no longer configured are removed with their entities. Registered locations are untouched.
 */
export async function syncConfigLocations(
  trx: Knex.Transaction,
  desired: ReadonlyArray<{ type: string; target: string }>,
): Promise<{ added: number; removed: number }> {
  const existing = (await trx('catalog_locations').select('*')) as LocationRow[];
  const key = (l: { type: string; target: string }) => `${l.type}:${l.target}`;
  const wanted = new Map(desired.map(l => [key(l), l]));
  const byKey = new Map(existing.map(row => [key(row), row]));
  let added = 0;
  let removed = 0;
  for (const [k, location] of wanted) {
    const row = byKey.get(k);
    if (!row) {
      await insertLocation(trx, { ...location, source: 'config' });
      added++;
    } else if (row.source === 'config') {
      // Read config locations again at every start: the files may have changed meanwhile.
      await upsertRootEntity(trx, row);
    }
  }
  for (const row of existing) {
    if (row.source === 'config' && !wanted.has(key(row))) {
      await deleteLocation(trx, row.id);
      removed++;
    }
  }
  return { added, removed };
}

/** Serializes config-location syncs of replicas starting at the same moment. */
const configSyncLockId = 7_007_001;

/** `syncConfigLocations` under a transaction-scoped advisory lock, one replica at a time. */
export async function syncConfigLocationsExclusively(
  knex: Knex,
  desired: ReadonlyArray<{ type: string; target: string }>,
): Promise<{ added: number; removed: number }> {
  return knex.transaction(async trx => {
    await trx.raw('select pg_advisory_xact_lock(?)', [configSyncLockId]);
    return syncConfigLocations(trx, desired);
  });
}
