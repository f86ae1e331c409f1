import type { Knex } from 'knex';
import { parseEntityRef, stringifyEntityRef } from '@callboard/catalog-model';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import { ancestorsOf, kindsOf, prioritizeEntities } from '../database/refreshStateStore';

/** Puts the entity and the Location entities above it at the front of the queue. */
export async function refreshEntity(knex: Knex, ref: string): Promise<void> {
  let entityRef: string;
  try {
    entityRef = stringifyEntityRef(parseEntityRef(ref));
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  // The entity itself and every location above it: re-reading those is what refreshes it.
  const ancestors = await ancestorsOf(knex, entityRef, { includeSelf: true });
  const rows = await kindsOf(
    knex,
    ancestors.map(ancestor => ancestor.ref),
  );
  const targets = rows
    .filter(row => row.entity_ref === entityRef || row.kind === 'location')
    .map(row => row.entity_ref);
  if (!targets.includes(entityRef)) {
    throw new NotFoundError(`Failed to schedule ${ref} for refresh`);
  }
  await prioritizeEntities(knex, targets);
}
