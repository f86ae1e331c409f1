import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  type CompoundEntityRef,
  type Entity,
} from '@callboard/catalog-model';

/**
 * The entity page's path, Backstage's shape: `/catalog/<namespace>/<kind, lower-case>/<name>`,
 * so links people already have keep working. `tab` appends a tab path (`dependencies`, `yaml`).
 */
export function entityPath(target: Entity | CompoundEntityRef | string, tab?: string): string {
  const ref = toCompoundRef(target);
  const base = `/catalog/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
    ref.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(ref.name)}`;
  return tab ? `${base}/${tab}` : base;
}

export function toCompoundRef(target: Entity | CompoundEntityRef | string): CompoundEntityRef {
  if (typeof target === 'string') return parseEntityRef(target);
  if ('metadata' in target) {
    return {
      kind: target.kind,
      namespace: target.metadata.namespace ?? DEFAULT_NAMESPACE,
      name: target.metadata.name,
    };
  }
  return target;
}

/** `component:default/payments` → `payments`; other namespaces keep theirs (`ops/payments`). */
export function humanizeEntityRef(
  target: Entity | CompoundEntityRef | string,
  options: { defaultKind?: string } = {},
): string {
  const ref = toCompoundRef(target);
  const namespace = ref.namespace === DEFAULT_NAMESPACE ? '' : `${ref.namespace}/`;
  const kind =
    options.defaultKind &&
    ref.kind.toLocaleLowerCase('en-US') === options.defaultKind.toLocaleLowerCase('en-US')
      ? ''
      : `${ref.kind.toLocaleLowerCase('en-US')}:`;
  return `${kind}${namespace}${ref.name}`;
}
