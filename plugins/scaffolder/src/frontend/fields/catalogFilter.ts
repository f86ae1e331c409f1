import type {
  FilterPredicate,
  FilterPredicateExpression,
  FilterPredicatePrimitive,
  FilterPredicateValue,
} from '@callboard/plugin-catalog/common';

/**
 * A picker's `ui:options.catalogFilter`, as templates write it (Backstage's shape), turned into a
 * catalog filter predicate for `POST /entities/by-query`:
 *
 * - one object: every key must match (`{kind: Group, 'metadata.namespace': default}`);
 * - a list of objects: any of them may match;
 * - a value list means "any of" (`kind: [Group, User]`), `{exists: true}` "has this field";
 * - predicate operators (`$in`, `$exists`, `$all`, …) pass through for templates written that way.
 *
 * A filter that means nothing (empty) is undefined: every entity. A malformed one throws a
 * `CatalogFilterError` naming the key, shown under the picker so the template's author sees it.
 */
export class CatalogFilterError extends Error {
  override name = 'CatalogFilterError';
}

export function catalogFilterToPredicate(filter: unknown): FilterPredicate | undefined {
  if (filter === undefined || filter === null) return undefined;
  if (Array.isArray(filter)) {
    const branches = filter
      .map(item => objectToPredicate(item))
      .filter((item): item is FilterPredicate => item !== undefined);
    if (branches.length === 0) return undefined;
    return branches.length === 1 ? branches[0] : { $any: branches };
  }
  return objectToPredicate(filter);
}

const logicalOperators = new Set(['$all', '$any', '$not']);

function objectToPredicate(filter: unknown): FilterPredicate | undefined {
  if (!isObject(filter)) {
    throw new CatalogFilterError(
      `catalogFilter must be an object such as {kind: Group} or a list of them, not ${describe(filter)}`,
    );
  }
  const keys = Object.keys(filter);
  if (keys.length === 0) return undefined;
  if (keys.length === 1 && logicalOperators.has(keys[0] ?? '')) {
    // Already a predicate ({$any: [...]}); the catalog checks it.
    return filter as FilterPredicate;
  }
  const expression: FilterPredicateExpression = {};
  for (const [key, value] of Object.entries(filter)) {
    expression[key] = valueToMatcher(key, value);
  }
  return expression;
}

function valueToMatcher(key: string, value: unknown): FilterPredicateValue {
  if (isPrimitive(value)) return value;
  if (Array.isArray(value)) {
    if (!value.every(isPrimitive)) {
      throw new CatalogFilterError(
        `catalogFilter "${key}": a list may hold only strings, numbers and booleans`,
      );
    }
    return { $in: value as FilterPredicatePrimitive[] };
  }
  if (isObject(value)) {
    // Backstage's YAML spelling of "the field exists".
    if (Object.keys(value).length === 1 && typeof value.exists === 'boolean') {
      return { $exists: value.exists };
    }
    if (Object.keys(value).every(operator => operator.startsWith('$'))) {
      return value as FilterPredicateValue;
    }
  }
  throw new CatalogFilterError(
    `catalogFilter "${key}": expected a value, a list of values or {exists: true}, not ${describe(value)}`,
  );
}

/**
 * What an entity picker may list: its `catalogFilter` when it has one, else the deprecated
 * `allowedKinds`, else the picker's own default kinds (the owner picker's Group and User).
 */
export function pickerPredicate(
  options: { catalogFilter?: unknown; allowedKinds?: unknown },
  defaultKinds?: readonly string[],
): FilterPredicate | undefined {
  if (options.catalogFilter !== undefined) return catalogFilterToPredicate(options.catalogFilter);
  const kinds = Array.isArray(options.allowedKinds)
    ? options.allowedKinds.filter((kind): kind is string => typeof kind === 'string')
    : defaultKinds;
  if (!kinds || kinds.length === 0) return undefined;
  return { kind: kinds.length === 1 ? (kinds[0] as string) : { $in: [...kinds] } };
}

/**
 * The kind a typed name gets when it names none: `defaultKind`, or the only kind the filter
 * allows (an owner picker limited to groups makes `team-a` mean `group:default/team-a`).
 */
export function impliedKind(
  predicate: FilterPredicate | undefined,
  defaultKind: unknown,
): string | undefined {
  if (typeof defaultKind === 'string' && defaultKind) return defaultKind;
  if (!predicate || !('kind' in predicate)) return undefined;
  const kind: unknown = (predicate as FilterPredicateExpression).kind;
  if (typeof kind === 'string') return kind;
  if (isObject(kind) && Array.isArray(kind.$in) && kind.$in.length === 1) {
    const only: unknown = kind.$in[0];
    return typeof only === 'string' ? only : undefined;
  }
  return undefined;
}

function isPrimitive(value: unknown): value is FilterPredicatePrimitive {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : JSON.stringify(value);
}
