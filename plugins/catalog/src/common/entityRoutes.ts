import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  safeParseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
  type Entity,
} from '@callboard/catalog-model';

/**
 * Where an entity's page is and how its ref reads: the one place every plugin takes them from.
 * The path is Backstage's (`/catalog/<namespace>/<kind, lower-case>/<name>`), so links people
 * already have keep working.
 */

/** What a short or partial ref means where it is written (`team-a` in an owner field is a group). */
export interface RefDefaults {
  defaultKind?: string;
  defaultNamespace?: string;
}

export type EntityTarget = Entity | CompoundEntityRef | string;

/** The entity's kind, namespace and name; throws for a string that is not a ref. */
export function toCompoundRef(target: EntityTarget, defaults: RefDefaults = {}): CompoundEntityRef {
  if (typeof target === 'string') return parseEntityRef(target, defaults);
  if ('metadata' in target) {
    return {
      kind: target.kind,
      namespace: target.metadata.namespace ?? DEFAULT_NAMESPACE,
      name: target.metadata.name,
    };
  }
  return target;
}

/** The entity page's path; `tab` appends a tab's path (`dependencies`, `yaml`). */
export function entityPagePath(target: EntityTarget, tab?: string): string {
  const ref = toCompoundRef(target);
  const base = `/catalog/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
    ref.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(ref.name)}`;
  return tab ? `${base}/${tab}` : base;
}

/** The page's path, or undefined for a ref that does not parse (shown as text, never a dead link). */
export function entityRefPath(ref: string, defaults: RefDefaults = {}): string | undefined {
  const parsed = safeParseEntityRef(ref, defaults);
  return parsed.ok ? entityPagePath(parsed.ref) : undefined;
}

/** The ref a page URL names (`/catalog/:namespace/:kind/:name`), in its full string form. */
export function entityRefFromPath(params: {
  namespace?: string;
  kind?: string;
  name?: string;
}): string {
  return stringifyEntityRef({
    kind: params.kind ?? '',
    namespace: params.namespace ?? '',
    name: params.name ?? '',
  });
}

/**
 * The short form for reading: the kind goes when it is the expected one, the namespace when it
 * is the default (`group:default/team-a` → `team-a` in an owner field; `component:ops/pay` keeps
 * its namespace). A string that is not a ref is returned as written.
 */
export function humanizeEntityRef(target: EntityTarget, defaults: RefDefaults = {}): string {
  let ref: CompoundEntityRef;
  if (typeof target === 'string') {
    const parsed = safeParseEntityRef(target, defaults);
    if (!parsed.ok) return target;
    ref = parsed.ref;
  } else {
    ref = toCompoundRef(target);
  }
  const sameKind =
    defaults.defaultKind !== undefined &&
    ref.kind.toLocaleLowerCase('en-US') === defaults.defaultKind.toLocaleLowerCase('en-US');
  const homeNamespace = (defaults.defaultNamespace ?? DEFAULT_NAMESPACE).toLocaleLowerCase('en-US');
  const namespace =
    ref.namespace.toLocaleLowerCase('en-US') === homeNamespace ? '' : `${ref.namespace}/`;
  return `${sameKind ? '' : `${ref.kind.toLocaleLowerCase('en-US')}:`}${namespace}${ref.name}`;
}
