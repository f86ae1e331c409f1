import type { Knex } from 'knex';
import {
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@callboard/catalog-model';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import { z } from 'zod';
import type { FilterPredicate } from '../../common/entities';
import type { Location } from '../../common/locations';
import { isUuid } from '../database/isUuid';
import {
  listLocationRows,
  locationById,
  locationByTarget,
  toStoredLocation,
} from '../database/locationStore';
import { unprocessedEntityOf } from '../database/refreshStateStore';
import { matchesLocationQuery } from './matchesLocationQuery';
import { publicLocation } from './publicLocation';

export async function listLocations(knex: Knex): Promise<Location[]> {
  const rows = await listLocationRows(knex);
  return rows.map(row => publicLocation(toStoredLocation(row)));
}

/** A page of locations matching a predicate on `id`, `type`, `target`; the cursor carries the query. */
export async function queryLocations(
  knex: Knex,
  { cursor, limit, query }: { cursor?: string; limit: number; query?: FilterPredicate },
): Promise<{ items: Location[]; totalItems: number; pageInfo: { nextCursor?: string } }> {
  let offset = 0;
  let predicate = query;
  if (cursor) {
    const decoded = locationCursorSchema.safeParse(
      safeJson(Buffer.from(cursor, 'base64url').toString('utf8')),
    );
    if (!decoded.success) throw new InputError('Malformed cursor');
    offset = decoded.data.offset;
    predicate = decoded.data.query as FilterPredicate | undefined;
  }
  const all = (await listLocations(knex)).filter(
    location =>
      !predicate ||
      matchesLocationQuery(
        { id: location.id, type: location.type, target: location.target },
        predicate,
      ),
  );
  const next = offset + limit;
  return {
    items: all.slice(offset, next),
    totalItems: all.length,
    pageInfo:
      next < all.length
        ? {
            nextCursor: Buffer.from(JSON.stringify({ offset: next, query: predicate })).toString(
              'base64url',
            ),
          }
        : {},
  };
}

export async function getLocation(knex: Knex, id: string): Promise<Location> {
  const row = isUuid(id) ? await locationById(knex, id) : undefined;
  if (!row) throw new NotFoundError(`Found no location with ID ${id}`);
  return publicLocation(toStoredLocation(row));
}

/** The registered or config location an entity came through (its origin annotation). */
export async function getLocationByEntity(knex: Knex, ref: string): Promise<Location> {
  const entityRef = stringifyEntityRef(parseEntityRef(ref));
  const stored = await unprocessedEntityOf(knex, entityRef);
  const entity = (typeof stored === 'string' ? JSON.parse(stored) : stored) as Entity | undefined;
  const origin = entity?.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
  if (!origin) throw new NotFoundError(`No entity with ref ${ref}`);
  const colon = origin.indexOf(':');
  const found = await locationByTarget(knex, origin.slice(0, colon), origin.slice(colon + 1));
  if (!found) throw new NotFoundError(`Found no location for entity ${ref}`);
  return publicLocation(toStoredLocation(found));
}

const locationCursorSchema = z.object({
  offset: z.number().int().min(0),
  query: z.unknown().optional(),
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
