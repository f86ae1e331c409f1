import {
  columns,
  defaultKind,
  filterIds,
  kindView,
  type ColumnId,
  type FilterId,
} from './catalogViews';

/**
 * Everything the catalog page shows is in its URL, so back/forward, reloads and shared links
 * land on the same table: `?kind=api&type=openapi&owner=group:default/team-a&text=pay&sort=owner
 * &dir=desc&size=50&cursor=…&from=50`. Defaults are left out to keep links short.
 */
export interface CatalogState {
  /** Lower-case kind, or `all`. */
  kind: string;
  /** Selected values per filter; a value list is "any of", filters combine with "and". */
  filters: Record<FilterId, string[]>;
  text: string;
  sort: ColumnId;
  direction: 'asc' | 'desc';
  pageSize: number;
  /** The server's cursor of the page shown; absent on the first page. */
  cursor?: string;
  /** How many rows come before this page, for "showing 41–60 of N". */
  from: number;
}

export const pageSizes = [10, 20, 50, 100] as const;
export const defaultPageSize = 20;

const filterParams: Record<FilterId, string> = {
  type: 'type',
  owner: 'owner',
  lifecycle: 'lifecycle',
  system: 'system',
  tag: 'tag',
  namespace: 'namespace',
};

export function readCatalogState(params: URLSearchParams): CatalogState {
  const kind = (params.get('kind') || defaultKind).toLowerCase();
  const view = kindView(kind);
  const filters = emptyFilters();
  for (const id of view.filters) {
    filters[id] = unique(params.getAll(filterParams[id]).filter(Boolean));
  }
  const sortParam = params.get('sort');
  const sort: ColumnId =
    sortParam && view.columns.includes(sortParam as ColumnId) ? (sortParam as ColumnId) : 'name';
  const size = Number(params.get('size'));
  const from = Number(params.get('from'));
  const cursor = params.get('cursor') || undefined;
  return {
    kind,
    filters,
    text: params.get('text') ?? '',
    sort,
    direction: params.get('dir') === 'desc' ? 'desc' : 'asc',
    pageSize: (pageSizes as readonly number[]).includes(size) ? size : defaultPageSize,
    cursor,
    from: cursor && Number.isInteger(from) && from > 0 ? from : 0,
  };
}

export function writeCatalogState(state: CatalogState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.kind !== defaultKind) params.set('kind', state.kind);
  for (const id of filterIds) {
    for (const value of state.filters[id]) params.append(filterParams[id], value);
  }
  if (state.text) params.set('text', state.text);
  if (state.sort !== 'name') params.set('sort', state.sort);
  if (state.direction !== 'asc') params.set('dir', state.direction);
  if (state.pageSize !== defaultPageSize) params.set('size', String(state.pageSize));
  if (state.cursor) {
    params.set('cursor', state.cursor);
    if (state.from > 0) params.set('from', String(state.from));
  }
  return params;
}

/** Any change to what is listed starts again at the first page. */
export function firstPage(state: CatalogState): CatalogState {
  return { ...state, cursor: undefined, from: 0 };
}

/**
 * Switching kind keeps what still applies (owner, tags, text) and drops filters and a sort
 * column the new kind does not have. Types differ per kind, so the type filter always resets.
 */
export function withKind(state: CatalogState, kind: string): CatalogState {
  const view = kindView(kind);
  const filters = emptyFilters();
  for (const id of view.filters) {
    if (id !== 'type') filters[id] = state.filters[id];
  }
  const keepSort = view.columns.includes(state.sort);
  return firstPage({
    ...state,
    kind: view.value,
    filters,
    sort: keepSort ? state.sort : 'name',
    direction: keepSort ? state.direction : 'asc',
  });
}

export function hasActiveFilters(state: CatalogState): boolean {
  return state.text.trim() !== '' || filterIds.some(id => state.filters[id].length > 0);
}

export function clearFilters(state: CatalogState): CatalogState {
  return firstPage({ ...state, filters: emptyFilters(), text: '' });
}

/** The field the table is sorted by on the server. */
export function sortField(state: CatalogState): string {
  return columns[state.sort].sortField;
}

export function emptyFilters(): Record<FilterId, string[]> {
  return { type: [], owner: [], lifecycle: [], system: [], tag: [], namespace: [] };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
