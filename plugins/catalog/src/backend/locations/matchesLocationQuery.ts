import type { FilterPredicate } from '../../common/entities';

/**
 * Evaluates a filter predicate (Backstage's `$all/$any/$not/$in/$exists/$hasPrefix` form) against
 * a location's fields (`id`, `type`, `target`), case-insensitively as the entity filters are.
 */
export function matchesLocationQuery(
  location: Record<string, string>,
  predicate: FilterPredicate,
): boolean {
  if (typeof predicate !== 'object' || predicate === null) return false;
  const node = predicate as Record<string, unknown>;
  if ('$all' in node)
    return (node.$all as FilterPredicate[]).every(p => matchesLocationQuery(location, p));
  if ('$any' in node)
    return (node.$any as FilterPredicate[]).some(p => matchesLocationQuery(location, p));
  if ('$not' in node) return !matchesLocationQuery(location, node.$not as FilterPredicate);
  return Object.entries(node).every(([key, expected]) => matchesValue(location[key], expected));
}

function matchesValue(actual: string | undefined, expected: unknown): boolean {
  const lower = (value: unknown) => String(value).toLowerCase();
  if (expected === null || typeof expected !== 'object') {
    return actual !== undefined && lower(actual) === lower(expected);
  }
  const operator = expected as Record<string, unknown>;
  if ('$exists' in operator) return (actual !== undefined) === operator.$exists;
  if (actual === undefined) return false;
  if ('$in' in operator)
    return (
      Array.isArray(operator.$in) && operator.$in.some(value => lower(value) === lower(actual))
    );
  if ('$hasPrefix' in operator) return lower(actual).startsWith(lower(operator.$hasPrefix));
  // Unknown operators never match.
  return false;
}
