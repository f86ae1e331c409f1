import type { EntitiesPredicateRequest, FilterPredicate, FilterPredicateValue } from '../../common';
import { sortField, type CatalogState } from './catalogSearchParams';
import { fieldsFor, filters, kindView, type FilterId } from './catalogViews';

/** What the text filter searches: the names people know an entity by, and its description. */
export const textFilterFields = [
  'metadata.name',
  'metadata.title',
  'metadata.description',
  'spec.profile.displayName',
];

/**
 * The predicate of the table: its kind and every filter, all of which must hold; several values
 * of one filter mean "any of". `without` leaves one filter out, for listing that filter's own
 * choices (picking a second type must not be limited to the type already picked).
 */
export function catalogPredicate(
  state: CatalogState,
  options: { without?: FilterId } = {},
): FilterPredicate | undefined {
  const predicate: Record<string, FilterPredicateValue> = {};
  if (state.kind !== 'all') predicate.kind = state.kind;
  for (const id of kindView(state.kind).filters) {
    const values = state.filters[id];
    if (id === options.without || values.length === 0) continue;
    predicate[filters[id].field] = values.length === 1 ? (values[0] as string) : { $in: values };
  }
  return Object.keys(predicate).length > 0 ? predicate : undefined;
}

function fullTextFilter(state: CatalogState): EntitiesPredicateRequest['fullTextFilter'] {
  const term = state.text.trim();
  return term ? { term, fields: textFilterFields } : undefined;
}

/** The `POST /entities/by-query` body of the page the state points at. */
export function pageRequest(state: CatalogState): EntitiesPredicateRequest {
  const fields = fieldsFor(kindView(state.kind));
  if (state.cursor) {
    // The cursor carries the filter, order and text of the first page.
    return { cursor: state.cursor, limit: state.pageSize, fields };
  }
  return {
    query: catalogPredicate(state),
    fullTextFilter: fullTextFilter(state),
    orderBy: [{ field: sortField(state), order: state.direction }],
    fields,
    limit: state.pageSize,
  };
}

/** Counts what the filters match regardless of order (sorting by a field leaves out entities without it). */
export function countRequest(state: CatalogState): EntitiesPredicateRequest {
  return {
    query: catalogPredicate(state),
    fullTextFilter: fullTextFilter(state),
    fields: ['metadata.name'],
    limit: 0,
  };
}
