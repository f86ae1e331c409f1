import { countEntities, readEntityPage } from '../database/finalEntitiesStore';
import type { EntitySelection } from '../database/searchRowsStore';
import type { ServedEntityRow } from '../database/tables';
import type {
  QueryContext,
  QueryEntitiesInitialRequest,
  QueryEntitiesRequest,
  QueryEntitiesResult,
} from './entitiesQueryTypes';
import { selectSerializedFields } from './entityFields';
import { forcedKind } from './forcedKind';
import { boundaryOf, decodeQueryCursor, encodeQueryCursor, type QueryCursor } from './queryCursor';

/** What a by-query request asks for, whether first page or cursor; a cursor repeats it. */
type QueryState = Omit<QueryCursor, 'boundary' | 'backward'>;

/** Where a by-query page starts, and whether to count the matches now. */
interface PagePosition {
  state: QueryState;
  boundary?: readonly string[];
  backward: boolean;
  offset?: number;
  countNow: boolean;
}

/** `/entities/by-query`: cursor pagination. */
export async function queryEntities(
  context: QueryContext,
  request: QueryEntitiesRequest,
): Promise<QueryEntitiesResult> {
  const limit = Math.min(Math.max(request.limit ?? context.defaultLimit, 0), context.maxLimit);
  const position = 'cursor' in request ? positionOfCursor(request.cursor) : firstPage(request);
  const { state, boundary, backward, offset } = position;
  const selection: EntitySelection = {
    predicates: [state.filter, state.query],
    fullText: state.fullTextFilter,
  };
  const sort = state.orderField
    ? { key: state.orderField.field, order: state.orderField.order }
    : undefined;
  const [fetched, counted] = await Promise.all([
    limit > 0
      ? readEntityPage(context.knex, {
          selection,
          kind: forcedKind([state.filter, state.query]),
          sort,
          boundary,
          backward,
          limit: limit + 1,
          offset,
        })
      : Promise.resolve([]),
    position.countNow ? countMatches(context, selection, sort?.key) : Promise.resolve(undefined),
  ]);
  const totalItems = counted ?? state.totalItems;

  const hasMore = fetched.length > limit;
  const page = fetched.slice(0, limit);
  if (backward) page.reverse();
  return {
    items: selectSerializedFields(
      page.map(row => row.final_entity),
      request.fields,
    ),
    totalItems: totalItems ?? 0,
    pageInfo: pageInfo({ ...state, totalItems }, page, {
      sorted: Boolean(sort),
      // Going forward, more rows mean a next page, and a cursor or an offset means rows before.
      // Going back, more rows mean a previous page, and the rows we came from are the next one.
      hasNext: backward ? true : hasMore,
      hasPrevious: backward ? hasMore : boundary !== undefined || Boolean(offset),
    }),
  };
}

function positionOfCursor(text: string): PagePosition {
  const cursor = decodeQueryCursor(text);
  return {
    state: {
      filter: cursor.filter,
      query: cursor.query,
      orderField: cursor.orderField,
      fullTextFilter: cursor.fullTextFilter,
      totalItems: cursor.totalItems,
    },
    boundary: cursor.boundary,
    backward: cursor.backward,
    countNow: false,
  };
}

function firstPage(request: QueryEntitiesInitialRequest): PagePosition {
  const [first] = request.orderFields ?? [];
  const orderField = first ? { field: first.field.toLowerCase(), order: first.order } : undefined;
  const term = request.fullTextFilter?.term?.trim();
  const textFields = (request.fullTextFilter?.fields ?? [])
    .map(field => field.trim().toLowerCase())
    .filter(Boolean);
  return {
    state: {
      filter: request.filter,
      query: request.query,
      orderField,
      fullTextFilter: term
        ? {
            term,
            fields: textFields.length > 0 ? textFields : [orderField?.field ?? 'metadata.uid'],
          }
        : undefined,
    },
    backward: false,
    offset: request.offset,
    countNow: request.totalItems !== 'exclude',
  };
}

/** The total of a by-query walk, remembered while the catalog is unchanged. */
function countMatches(
  context: QueryContext,
  selection: EntitySelection,
  sortKey: string | undefined,
): Promise<number> {
  return context.cache.get(JSON.stringify(['count', selection, sortKey ?? null]), () =>
    countEntities(context.knex, selection, sortKey),
  );
}

/** The cursors of the pages next to this one: each repeats the request and names its edge row. */
function pageInfo(
  state: QueryState,
  page: ServedEntityRow[],
  options: { sorted: boolean; hasNext: boolean; hasPrevious: boolean },
): QueryEntitiesResult['pageInfo'] {
  const firstRow = page[0];
  const lastRow = page.at(-1);
  const cursorFor = (row: ServedEntityRow, backward: boolean) =>
    encodeQueryCursor({
      ...state,
      boundary: boundaryOf(row, options.sorted) as QueryCursor['boundary'],
      backward,
    });
  return {
    ...(options.hasNext && lastRow ? { nextCursor: cursorFor(lastRow, false) } : {}),
    ...(options.hasPrevious && firstRow ? { prevCursor: cursorFor(firstRow, true) } : {}),
  };
}
