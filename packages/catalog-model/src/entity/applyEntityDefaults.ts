import { DEFAULT_NAMESPACE } from './constants';
import type { Entity } from './Entity';

export interface ApplyEntityDefaultsOptions {
  /** The namespace for entities that name none; `default` unless configured otherwise. */
  namespace?: string;
}

/**
 * Returns the entity with the defaults the catalog fills in before storing it: today only
 * `metadata.namespace`. The input is not modified.
 */
export function applyEntityDefaults<T extends Entity>(
  entity: T,
  options: ApplyEntityDefaultsOptions = {},
): T {
  if (entity.metadata.namespace) {
    return entity;
  }
  return {
    ...entity,
    metadata: { ...entity.metadata, namespace: options.namespace ?? DEFAULT_NAMESPACE },
  };
}
