import type { Entity } from '@callboard/catalog-model';

/** The parts of an API entity's spec the tab draws, read defensively: a spec is only JSON. */
export function apiSpecOf(entity: Entity): { type: string; definition: string | undefined } {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return {
    type: typeof spec.type === 'string' ? spec.type : 'unknown',
    definition: typeof spec.definition === 'string' ? spec.definition : undefined,
  };
}

/** The targets of an entity's relations of one type, sorted, without duplicates. */
export function relationTargets(entity: Entity, type: string): string[] {
  const targets = (entity.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => relation.targetRef);
  return [...new Set(targets)].sort();
}
