import type { FilterPredicate } from '../../common/entities';

/**
 * The one kind (lower-case) every entity matching all `predicates` must have, if the filter says
 * so: `kind=component` anywhere in the AND-ed part of a filter. Sorted pages then walk only that
 * kind's rows of the sort key (index `(key, kind, value, entity_id)`), instead of every entity's
 * in sort order, most of which a kind filter would throw away.
 */
export function forcedKind(
  predicates: ReadonlyArray<FilterPredicate | undefined>,
): string | undefined {
  for (const predicate of predicates) {
    const kind = predicate && kindOf(predicate);
    if (kind !== undefined) return kind;
  }
  return undefined;
}

function kindOf(predicate: FilterPredicate): string | undefined {
  if ('$all' in predicate) {
    return Array.isArray(predicate.$all) ? forcedKind(predicate.$all) : undefined;
  }
  // `$any`, `$not`, or an unknown `$` key (which makes the object never match): nothing to narrow.
  if (Object.keys(predicate).some(key => key.startsWith('$'))) return undefined;
  for (const [path, value] of Object.entries(predicate)) {
    if (path.toLowerCase() !== 'kind') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return String(value).toLowerCase();
    }
    const list = value && typeof value === 'object' ? (value as { $in?: unknown }).$in : undefined;
    if (Array.isArray(list)) {
      const kinds = new Set(list.map(item => String(item).toLowerCase()));
      if (kinds.size === 1) return [...kinds][0];
    }
  }
  return undefined;
}
