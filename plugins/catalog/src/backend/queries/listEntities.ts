import {
  readEntityPage,
  readListPage,
  readServedEntitiesByIds,
  type EntityPageSpec,
} from '../database/finalEntitiesStore';
import type { EntitySelection } from '../database/searchRowsStore';
import type { ServedEntityRow } from '../database/tables';
import type {
  EntityList,
  ListEntitiesRequest,
  QueryContext,
  SerializedEntity,
} from './entitiesQueryTypes';
import { selectSerializedFields } from './entityFields';
import { forcedKind } from './forcedKind';
import { boundaryOf, decodeAfterCursor, encodeAfterCursor } from './queryCursor';

/** `GET /entities`: one page when any of offset, limit or after is given, else everything. */
export function listEntities(
  context: QueryContext,
  request: ListEntitiesRequest,
): Promise<EntityList> {
  const paged =
    request.offset !== undefined || request.limit !== undefined || request.after !== undefined;
  return paged ? listPage(context, request) : streamAll(context, request);
}

/** `GET /entities` without pagination: keyset chunks, never the whole list in memory. */
async function streamAll(context: QueryContext, request: ListEntitiesRequest): Promise<EntityList> {
  const selection: EntitySelection = { predicates: [request.filter] };
  const [first] = request.order ?? [];
  const chunk = (spec: Omit<EntityPageSpec, 'limit'>) =>
    readEntityPage(context.knex, { ...spec, limit: context.chunkSize });
  if (!first) {
    const chunks = await chunked(
      context.chunkSize,
      previous => chunk({ selection, boundary: previous ? [previous.entity_id] : undefined }),
      1,
      request.fields,
    );
    return { chunks };
  }
  // Like Backstage's streaming path, only the first order field counts. Entities with a value
  // come first, in order; those without one follow by id (the paged path's NULLS LAST).
  const sort = { key: first.field.toLowerCase(), order: first.order };
  const lacking: EntitySelection = { ...selection, lacksKey: sort.key };
  const chunks = await chunked(
    context.chunkSize,
    (previous, phase) =>
      phase === 0
        ? chunk({
            selection,
            kind: forcedKind([request.filter]),
            sort,
            boundary: previous ? boundaryOf(previous, true) : undefined,
          })
        : chunk({ selection: lacking, boundary: previous ? [previous.entity_id] : undefined }),
    2,
    request.fields,
  );
  return { chunks };
}

/**
 * Lazily yields chunks, phase after phase; a phase ends with a chunk shorter than `chunkSize`.
 * The first chunk is fetched before returning, so errors surface early.
 */
async function chunked(
  chunkSize: number,
  next: (previous: ServedEntityRow | undefined, phase: number) => Promise<ServedEntityRow[]>,
  phases: number,
  fields: string[] | undefined,
): Promise<AsyncIterable<SerializedEntity[]>> {
  let phase = 0;
  let current = await next(undefined, phase);
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (current.length > 0) {
          yield selectSerializedFields(
            current.map(row => row.final_entity),
            fields,
          );
        }
        if (current.length >= chunkSize) {
          current = await next(current.at(-1), phase);
        } else if (phase + 1 < phases) {
          phase++;
          current = await next(undefined, phase);
        } else {
          return;
        }
      }
    },
  };
}

/** `GET /entities` with offset/limit/after: Backstage's legacy offset pagination. */
async function listPage(context: QueryContext, request: ListEntitiesRequest): Promise<EntityList> {
  let { limit, offset = 0 } = request;
  if (request.after !== undefined) {
    ({ limit, offset } = decodeAfterCursor(request.after));
  }
  const order = request.order ?? [];
  // Small pages come in one query; larger ones (or "from offset to the end") fetch the ordered
  // ids first and the entities in chunks, so memory stays bounded.
  const direct = limit !== undefined && limit <= context.chunkSize;
  const selected = await readListPage(context.knex, {
    selection: { predicates: [request.filter] },
    order,
    kind: order.length === 0 ? forcedKind([request.filter]) : undefined,
    limit: limit !== undefined ? limit + 1 : undefined,
    offset,
    withEntities: direct,
  });
  const hasNextPage = limit !== undefined && selected.length > limit;
  const page = hasNextPage ? selected.slice(0, limit) : selected;
  const nextAfter =
    hasNextPage && limit !== undefined
      ? encodeAfterCursor({ limit, offset: offset + limit })
      : undefined;

  if (direct) {
    const items = selectSerializedFields(
      page.flatMap(row => row.final_entity ?? []),
      request.fields,
    );
    return {
      nextAfter,
      chunks: (async function* () {
        if (items.length > 0) yield items;
      })(),
    };
  }
  return {
    nextAfter,
    chunks: entitiesOfIds(
      context,
      page.map(row => row.entity_id),
      request.fields,
    ),
  };
}

/** The entities of ordered ids, read a chunk at a time, in that order. */
async function* entitiesOfIds(
  context: QueryContext,
  allIds: string[],
  fields: string[] | undefined,
): AsyncIterable<SerializedEntity[]> {
  for (let start = 0; start < allIds.length; start += context.chunkSize) {
    const ids = allIds.slice(start, start + context.chunkSize);
    const found = await readServedEntitiesByIds(context.knex, ids);
    const byId = new Map(found.map(row => [row.entity_id, row.final_entity]));
    // An entity deleted since the ids were read is skipped.
    const texts = ids.flatMap(id => byId.get(id) ?? []);
    if (texts.length > 0) yield selectSerializedFields(texts, fields);
  }
}
