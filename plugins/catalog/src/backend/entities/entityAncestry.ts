import type { Knex } from 'knex';
import { type Entity, stringifyEntityRef } from '@callboard/catalog-model';
import { NotFoundError } from '@callboard/plugin-api/common';
import { servedWithParents } from '../database/catalogOverviewStore';
import { ancestorsOf } from '../database/refreshStateStore';
import { parseStoredJson } from './storedJson';

export interface AncestryResponse {
  rootEntityRef: string;
  items: Array<{ entity: Entity; parentEntityRefs: string[] }>;
}

/** The entity and every entity above it that emitted it, nearest first, with their parents. */
export async function entityAncestry(
  knex: Knex,
  ref: { kind: string; namespace: string; name: string },
): Promise<AncestryResponse> {
  const entityRef = stringifyEntityRef(ref);
  const ancestors = await ancestorsOf(knex, entityRef, { includeSelf: true });
  const rows = await servedWithParents(
    knex,
    ancestors.map(ancestor => ancestor.ref),
  );
  // Nearest first: the entity, its parent, then on up to the root.
  const nearness = new Map(ancestors.map((ancestor, index) => [ancestor.ref, index]));
  rows.sort((a, b) => (nearness.get(a.ref) ?? 0) - (nearness.get(b.ref) ?? 0));
  if (!rows.some(row => row.ref === entityRef)) {
    throw new NotFoundError(`No such entity ${entityRef}`);
  }
  const items = rows.map(row => ({
    entity: JSON.parse(row.final_entity) as Entity,
    parentEntityRefs: parseStoredJson(row.parents) as string[],
  }));
  const root = items.find(item => item.parentEntityRefs.length === 0);
  return { rootEntityRef: root ? stringifyEntityRef(root.entity) : entityRef, items };
}
