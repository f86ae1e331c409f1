import type { Entity } from '../entity/Entity';
import { defaultKindRegistry, type KindRegistry } from '../kinds/createKindRegistry';

export interface SortEntityRefArraysOptions {
  registry?: KindRegistry;
}

/**
 * Returns the entity with every list-of-refs relation field (e.g. `spec.providesApis`,
 * `spec.dependsOn`, `spec.memberOf`, `spec.children`, `spec.members`) sorted, as Backstage does
 * before hashing, so that reordering refs in YAML does not count as a change. Lists holding
 * anything but strings are left alone. The input is not modified.
 */
export function sortEntityRefArrays<T extends Entity>(
  entity: T,
  options: SortEntityRefArraysOptions = {},
): T {
  const registry = options.registry ?? defaultKindRegistry;
  const resolution = registry.resolve(entity);
  if (!resolution.ok || !entity.spec) {
    return entity;
  }
  const paths = new Set(resolution.definitions.flatMap(d => d.relationFields.map(f => f.path)));
  let spec: Record<string, unknown> | undefined;
  for (const path of paths) {
    const [root, key, ...rest] = path.split('.');
    // Relation fields are direct children of spec in every known kind; deeper paths are rare
    // enough to leave unsorted rather than clone arbitrary structures.
    if (root !== 'spec' || key === undefined || rest.length > 0) {
      continue;
    }
    const value = entity.spec[key];
    if (Array.isArray(value) && value.every(v => typeof v === 'string')) {
      // Default sort (UTF-16 code units), as Backstage's Array.prototype.sort() call.
      const sorted = [...value].sort();
      if (sorted.some((v, i) => v !== value[i])) {
        spec ??= { ...entity.spec };
        spec[key] = sorted;
      }
    }
  }
  return spec ? { ...entity, spec } : entity;
}
