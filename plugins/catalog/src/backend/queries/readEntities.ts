import {
  safeParseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@callboard/catalog-model';
import { NotFoundError } from '@callboard/plugin-api/common';
import type { EntityFacetsResponse } from '../../common/entities';
import {
  readServedEntitiesByRefs,
  readServedEntityById,
  readServedEntityByRef,
} from '../database/finalEntitiesStore';
import { readFacetCounts, type EntitySelection } from '../database/searchRowsStore';
import type {
  EntitiesByRefsRequest,
  EntityFacetsRequest,
  QueryContext,
  SerializedEntity,
} from './entitiesQueryTypes';
import { selectSerializedFields } from './entityFields';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One item per ref, in order; null for refs that do not parse, match or pass the filter. */
export async function getEntitiesByRefs(
  context: QueryContext,
  request: EntitiesByRefsRequest,
): Promise<Array<SerializedEntity | null>> {
  const refs = request.entityRefs.map(ref => {
    const parsed = safeParseEntityRef(ref.trim());
    return parsed.ok ? stringifyEntityRef(parsed.ref) : undefined;
  });
  const wanted = [...new Set(refs.filter((ref): ref is string => ref !== undefined))];
  if (wanted.length === 0) return refs.map(() => null);
  const found = await readServedEntitiesByRefs(context.knex, wanted, {
    predicates: [request.filter],
  });
  const byRef = new Map(found.map(row => [row.entity_ref, row.final_entity]));
  const present = refs.map(ref => (ref === undefined ? undefined : byRef.get(ref)));
  const selected = selectSerializedFields(
    present.filter((text): text is string => text !== undefined),
    request.fields,
  );
  let next = 0;
  return present.map(text => (text === undefined ? null : (selected[next++] ?? null)));
}

/** Throws `NotFoundError` with Backstage's message. */
export async function getEntityByUid(
  context: QueryContext,
  uid: string,
): Promise<SerializedEntity> {
  const found = uuidPattern.test(uid) ? await readServedEntityById(context.knex, uid) : undefined;
  if (found === undefined) throw new NotFoundError(`No entity with uid ${uid}`);
  return found;
}

/** Case-insensitive; throws `NotFoundError` with Backstage's message. */
export async function getEntityByName(
  context: QueryContext,
  ref: CompoundEntityRef,
): Promise<SerializedEntity> {
  const found = await readServedEntityByRef(context.knex, stringifyEntityRef(ref));
  if (found === undefined) {
    throw new NotFoundError(
      `No entity named '${ref.name}' found, with kind '${ref.kind}' in namespace '${ref.namespace}'`,
    );
  }
  return found;
}

/** Counts of each original value per facet, keyed by the facet as requested. */
export async function getEntityFacets(
  context: QueryContext,
  request: EntityFacetsRequest,
): Promise<EntityFacetsResponse> {
  // One query per facet (they run side by side on a pool), each remembered while the catalog
  // is unchanged.
  const keys = [...new Set(request.facets.map(facet => facet.toLowerCase()))];
  const selection: EntitySelection = { predicates: [request.filter] };
  const counted = await Promise.all(
    keys.map(key =>
      context.cache.get(JSON.stringify(['facet', key, selection]), () =>
        readFacetCounts(context.knex, key, selection),
      ),
    ),
  );
  const byKey = new Map(keys.map((key, index) => [key, counted[index] ?? []]));
  const facets: EntityFacetsResponse['facets'] = {};
  for (const facet of request.facets) {
    // defineProperty: a facet named `__proto__` must stay a plain key of the response.
    Object.defineProperty(facets, facet, {
      value: (byKey.get(facet.toLowerCase()) ?? [])
        .map(row => ({ value: row.value, count: Number(row.count) }))
        // By value in code point order, the same whatever the database's collation.
        .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { facets };
}
