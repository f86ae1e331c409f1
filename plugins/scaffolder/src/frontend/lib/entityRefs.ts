import {
  DEFAULT_NAMESPACE,
  safeParseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@callboard/catalog-model';

/**
 * Entity refs as the scaffolder's pages show and link them. The catalog's own path helper lives
 * in its frontend, which other plugins may not import; the path shape is Backstage's and stable.
 */

export interface RefDefaults {
  defaultKind?: string;
  defaultNamespace?: string;
}

/** `/catalog/<namespace>/<kind, lower-case>/<name>`, or undefined for a ref that does not parse. */
export function entityRefPath(ref: string, defaults: RefDefaults = {}): string | undefined {
  const parsed = safeParseEntityRef(ref, defaults);
  if (!parsed.ok) return undefined;
  return compoundRefPath(parsed.ref);
}

export function compoundRefPath(ref: CompoundEntityRef): string {
  return `/catalog/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
    ref.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(ref.name)}`;
}

/**
 * The short form for reading: the kind goes when it is the expected one, the namespace when it
 * is the default (`group:default/team-a` → `team-a` in an owner picker). Unparseable refs are
 * returned as written.
 */
export function humanizeEntityRef(ref: string, defaults: RefDefaults = {}): string {
  const parsed = safeParseEntityRef(ref, defaults);
  if (!parsed.ok) return ref;
  const { kind, namespace, name } = parsed.ref;
  const sameKind =
    defaults.defaultKind !== undefined &&
    kind.toLocaleLowerCase('en-US') === defaults.defaultKind.toLocaleLowerCase('en-US');
  const homeNamespace = (defaults.defaultNamespace ?? DEFAULT_NAMESPACE).toLocaleLowerCase('en-US');
  return `${sameKind ? '' : `${kind.toLocaleLowerCase('en-US')}:`}${
    namespace.toLocaleLowerCase('en-US') === homeNamespace ? '' : `${namespace}/`
  }${name}`;
}

/**
 * What a picker stores for typed text: the full, lower-case ref (`group:default/team-a`), with
 * the picker's default kind and namespace filled in. Undefined when the text is not a ref (no
 * kind and no default kind, or an empty part).
 */
export function toFullEntityRef(text: string, defaults: RefDefaults = {}): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const parsed = safeParseEntityRef(trimmed, defaults);
  return parsed.ok ? stringifyEntityRef(parsed.ref) : undefined;
}
