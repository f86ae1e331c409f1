import { InputError } from '@callboard/plugin-api/common';
import type { FilterPredicate, FilterPredicateValue } from '../../common/entities';

/**
 * Turns the query-string filter form into a predicate (backstage-spec §2.2): each `filter`
 * parameter is one set and the sets are OR-ed; inside a set, comma-separated conditions are
 * AND-ed; `key` asserts the key exists, `key=value` an equal value, and the same key repeated in
 * one set means any of its values. Keys and values are trimmed; sets without conditions are
 * ignored. Returns undefined when nothing filters.
 */
export function parseFilterStrings(
  filters: readonly string[] | undefined,
): FilterPredicate | undefined {
  const sets = (filters ?? [])
    .map(parseFilterSet)
    .filter((set): set is FilterPredicate => set !== undefined);
  if (sets.length === 0) return undefined;
  return sets.length === 1 ? (sets[0] as FilterPredicate) : { $any: sets };
}

function parseFilterSet(filter: string): FilterPredicate | undefined {
  const statements = filter
    .split(',')
    .map(statement => statement.trim())
    .filter(Boolean);
  if (statements.length === 0) return undefined;

  // Keys compare case-insensitively, so `Kind=a,kind=b` is one key with two values.
  const byKey = new Map<string, { key: string; values: string[] }>();
  for (const statement of statements) {
    const equals = statement.indexOf('=');
    const key = (equals === -1 ? statement : statement.slice(0, equals)).trim();
    if (!key) {
      throw new InputError(
        `Invalid filter, '${statement}' is not a valid statement (expected a string on the form a=b or a= or a)`,
      );
    }
    const entry = byKey.get(key.toLowerCase()) ?? { key, values: [] };
    byKey.set(key.toLowerCase(), entry);
    if (equals !== -1) entry.values.push(statement.slice(equals + 1).trim());
  }

  const expression: Record<string, FilterPredicateValue> = {};
  for (const { key, values } of byKey.values()) {
    const matcher: FilterPredicateValue =
      values.length === 0
        ? { $exists: true }
        : values.length === 1
          ? (values[0] as string)
          : { $in: [...new Set(values)] };
    // defineProperty: a key such as `__proto__` must become a plain own property.
    Object.defineProperty(expression, key, {
      value: matcher,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return expression;
}
