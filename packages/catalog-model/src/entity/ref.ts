import { DEFAULT_NAMESPACE } from './constants';
import type { CompoundEntityRef, Entity } from './Entity';

/** Fills in what a shorthand ref leaves out. */
export interface EntityRefContext {
  /** Kind to use when the ref names none. Without it, a ref with no kind is an error. */
  defaultKind?: string;
  /** Namespace to use when the ref names none; `default` when not given. */
  defaultNamespace?: string;
}

/** A ref in object form; missing parts come from the context. */
export interface PartialEntityRef {
  kind?: string;
  namespace?: string;
  name: string;
}

/** Why a ref could not be parsed; lets callers word their own messages. */
export type EntityRefErrorReason =
  'empty' | 'not-a-ref' | 'empty-part' | 'missing-kind' | 'missing-namespace' | 'missing-name';

export type SafeParseEntityRefResult =
  | { ok: true; ref: CompoundEntityRef }
  | {
      ok: false;
      reason: EntityRefErrorReason;
      /** For `empty-part`: which part is empty. */
      part?: 'kind' | 'namespace' | 'name';
      message: string;
    };

const FORM = '[<kind>:][<namespace>/]<name>';

/** Splits `[<kind>:][<namespace>/]<name>`; absent parts are `undefined`, present ones may be empty. */
function splitRefString(ref: string): { kind?: string; namespace?: string; name: string } {
  let colon = ref.indexOf(':');
  const slash = ref.indexOf('/');
  // A slash before the first colon means there is no kind: the colon belongs to the name
  // (`default/a:b` is the entity `a:b` in namespace `default`).
  if (slash !== -1 && slash < colon) {
    colon = -1;
  }
  return {
    kind: colon === -1 ? undefined : ref.slice(0, colon),
    namespace: slash === -1 ? undefined : ref.slice(colon + 1, slash),
    name: ref.slice(Math.max(colon + 1, slash + 1)),
  };
}

function describeRef(ref: unknown): string {
  return typeof ref === 'string' ? `"${ref}"` : JSON.stringify(ref);
}

/**
 * Parses a ref without throwing. Accepts the string form `[<kind>:][<namespace>/]<name>` or an
 * object with `kind`, `namespace`, `name`; missing parts come from `context` (namespace falls
 * back to `default`). A part that is present but empty (`group:`, `:a`, `a:/b`) is an error.
 */
export function safeParseEntityRef(
  ref: unknown,
  context: EntityRefContext = {},
): SafeParseEntityRefResult {
  if (ref === '' || ref === undefined || ref === null) {
    return { ok: false, reason: 'empty', message: 'Entity reference must not be empty' };
  }
  let parts: { kind?: unknown; namespace?: unknown; name?: unknown };
  if (typeof ref === 'string') {
    parts = splitRefString(ref);
    if (parts.kind === '' || parts.namespace === '' || parts.name === '') {
      const which = parts.kind === '' ? 'kind' : parts.namespace === '' ? 'namespace' : 'name';
      return {
        ok: false,
        reason: 'empty-part',
        part: which,
        message: `Entity reference "${ref}" is not on the form ${FORM}: the ${which} is empty`,
      };
    }
  } else if (typeof ref === 'object' && !Array.isArray(ref)) {
    parts = ref as Record<string, unknown>;
    for (const key of ['kind', 'namespace', 'name'] as const) {
      if (parts[key] !== undefined && typeof parts[key] !== 'string') {
        return {
          ok: false,
          reason: 'not-a-ref',
          message: `Entity reference ${describeRef(ref)} has a ${key} that is not a string`,
        };
      }
    }
  } else {
    return {
      ok: false,
      reason: 'not-a-ref',
      message: `Entity reference must be a string on the form ${FORM} or an object with kind, namespace and name, but found ${describeRef(ref)}`,
    };
  }

  const kind = (parts.kind as string | undefined) ?? context.defaultKind;
  const namespace =
    (parts.namespace as string | undefined) ?? (context.defaultNamespace || DEFAULT_NAMESPACE);
  const name = parts.name as string | undefined;
  if (!kind) {
    return {
      ok: false,
      reason: 'missing-kind',
      message: `Entity reference ${describeRef(ref)} has no kind; write it as <kind>:<name>, e.g. "component:my-service"`,
    };
  }
  if (!namespace) {
    return {
      ok: false,
      reason: 'missing-namespace',
      message: `Entity reference ${describeRef(ref)} has an empty namespace`,
    };
  }
  if (!name) {
    return {
      ok: false,
      reason: 'missing-name',
      message: `Entity reference ${describeRef(ref)} has no name`,
    };
  }
  return { ok: true, ref: { kind, namespace, name } };
}

/**
 * Parses a ref, keeping the letter case as written (compare with `isSameEntityRef`, store with
 * `stringifyEntityRef`). Throws a `TypeError` when the ref is malformed or lacks a kind that the
 * context does not supply.
 */
export function parseEntityRef(
  ref: string | PartialEntityRef,
  context?: EntityRefContext,
): CompoundEntityRef {
  const result = safeParseEntityRef(ref, context);
  if (!result.ok) {
    throw new TypeError(result.message);
  }
  return result.ref;
}

/**
 * The canonical string form `kind:namespace/name`, all three parts lower-cased. This is the form
 * of every `targetRef`, relation row and lookup key, so two refs that differ only in letter case
 * map to the same string.
 */
export function stringifyEntityRef(
  ref: Entity | CompoundEntityRef | { kind: string; namespace?: string; name: string },
): string {
  const { kind, namespace, name } =
    'metadata' in ref
      ? { kind: ref.kind, namespace: ref.metadata.namespace, name: ref.metadata.name }
      : ref;
  // toLowerCase is locale-independent, so the same ref maps to the same key on every machine.
  return `${kind.toLowerCase()}:${(namespace || DEFAULT_NAMESPACE).toLowerCase()}/${name.toLowerCase()}`;
}

/** The ref of an entity, with the namespace defaulted and letter case kept. */
export function getCompoundEntityRef(entity: Entity): CompoundEntityRef {
  return {
    kind: entity.kind,
    namespace: entity.metadata.namespace || DEFAULT_NAMESPACE,
    name: entity.metadata.name,
  };
}

/**
 * True when both refs name the same entity, ignoring letter case (the catalog's uniqueness rule).
 * String refs are parsed with `context`; a ref that does not parse equals nothing.
 */
export function isSameEntityRef(
  a: string | PartialEntityRef | Entity,
  b: string | PartialEntityRef | Entity,
  context?: EntityRefContext,
): boolean {
  const canonical = (ref: string | PartialEntityRef | Entity): string | undefined => {
    if (typeof ref === 'object' && 'metadata' in ref) {
      return stringifyEntityRef(ref);
    }
    const parsed = safeParseEntityRef(ref, context);
    return parsed.ok ? stringifyEntityRef(parsed.ref) : undefined;
  };
  const left = canonical(a);
  return left !== undefined && left === canonical(b);
}
