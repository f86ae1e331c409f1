import { keyList, kindSortKeys } from '../database/kindSortKeys';
import { forcedKind } from './forcedKind';
import { noCache, type VersionedCache } from './versionedCache';
import type { Knex } from 'knex';
import {
  safeParseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@callboard/catalog-model';
import { NotFoundError } from '@callboard/plugin-api/common';
import type { EntityFacetsResponse, EntityOrder, FilterPredicate } from '../../common/entities';
import { selectSerializedFields } from './entityFields';
import { escapeLike, predicateToSql, type SqlFragment } from '../database/predicateToSql';
import {
  decodeAfterCursor,
  decodeQueryCursor,
  encodeAfterCursor,
  encodeQueryCursor,
  type QueryCursor,
} from './queryCursor';

/** An entity as JSON text: the stitched `final_entity` as stored, or its field selection. */
export type SerializedEntity = string;

export interface ListEntitiesRequest {
  filter?: FilterPredicate;
  /** Field selection; undefined serves whole entities. */
  fields?: string[];
  /** Applied in turn; entities lacking a field come after those that have it. */
  order?: EntityOrder[];
  /** Any of `offset`, `limit`, `after` asks for one page; without them everything is listed. */
  offset?: number;
  limit?: number;
  /** The `after` of a previous page (it carries its own limit and offset). */
  after?: string;
}

export interface EntityList {
  /** Set for a page when more entities follow: the `after` of the next page. */
  nextAfter?: string;
  /** The entities in order, fetched chunk by chunk as the caller iterates. */
  chunks: AsyncIterable<SerializedEntity[]>;
}

export interface QueryEntitiesInitialRequest {
  /** Query-string filters (`GET`), as a predicate. */
  filter?: FilterPredicate;
  /** A predicate (`POST`); AND-ed with `filter`. */
  query?: FilterPredicate;
  /** Only the first is honoured; entities lacking that field are left out. */
  orderFields?: EntityOrder[];
  fullTextFilter?: { term?: string; fields?: string[] };
  fields?: string[];
  limit?: number;
  offset?: number;
  totalItems?: 'include' | 'exclude';
}

export interface QueryEntitiesCursorRequest {
  cursor: string;
  fields?: string[];
  limit?: number;
}

export type QueryEntitiesRequest = QueryEntitiesInitialRequest | QueryEntitiesCursorRequest;

export interface QueryEntitiesResult {
  items: SerializedEntity[];
  /** 0 when the count was excluded. */
  totalItems: number;
  pageInfo: { nextCursor?: string; prevCursor?: string };
}

export interface EntitiesByRefsRequest {
  entityRefs: string[];
  fields?: string[];
  filter?: FilterPredicate;
}

export interface EntityFacetsRequest {
  facets: string[];
  filter?: FilterPredicate;
}

/** Reads the stitched catalog: the entity READ endpoints of Backstage's catalog API. */
export interface EntitiesQueryService {
  /** `GET /entities`: one page (offset/limit/after), or everything in chunks. */
  listEntities(request: ListEntitiesRequest): Promise<EntityList>;
  /** `/entities/by-query`: cursor pagination. */
  queryEntities(request: QueryEntitiesRequest): Promise<QueryEntitiesResult>;
  /** One item per ref, in order; null for refs that do not parse, match or pass the filter. */
  getEntitiesByRefs(request: EntitiesByRefsRequest): Promise<Array<SerializedEntity | null>>;
  /** Throws `NotFoundError` with Backstage's message. */
  getEntityByUid(uid: string): Promise<SerializedEntity>;
  /** Case-insensitive; throws `NotFoundError` with Backstage's message. */
  getEntityByName(ref: CompoundEntityRef): Promise<SerializedEntity>;
  /** Counts of each original value per facet, keyed by the facet as requested. */
  getEntityFacets(request: EntityFacetsRequest): Promise<EntityFacetsResponse>;
}

export interface EntitiesQueryServiceOptions {
  knex: Knex;
  /** Entities per query when a whole list is streamed (default 1000). */
  streamChunkSize?: number;
  /** `/entities/by-query` page size when none is asked for (default 200). */
  defaultQueryLimit?: number;
  /** Larger `/entities/by-query` limits are clamped to this (default 1000). */
  maxQueryLimit?: number;
  /**
   * Remembers totals and facet counts until the served entities change (default: none). Counting
   * tens of thousands of matches is the slowest part of a first page; the answer only changes
   * when the catalog does.
   */
  cache?: VersionedCache;
}

interface EntityRow {
  entity_id: string;
  final_entity: string;
  sort_value?: string;
}

/** What one by-query page (or stream chunk) selects and where it starts. */
interface PageSpec {
  conditions: (entityId: string) => SqlFragment[];
  /** The kind the conditions force (lower-case), so a sorted walk reads only that kind's rows. */
  kind?: string;
  sort?: { key: string; order: 'asc' | 'desc' };
  /** `[sortValue, id]` when sorted, `[id]` otherwise; exclusive. */
  boundary?: readonly string[];
  backward?: boolean;
  limit: number;
  offset?: number;
}

/** Keys every stitched entity has a value for: sorting by them excludes nothing. */
const alwaysIndexedKeys = new Set([
  'apiversion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
]);

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createEntitiesQueryService(
  options: EntitiesQueryServiceOptions,
): EntitiesQueryService {
  const { knex } = options;
  const chunkSize = options.streamChunkSize ?? 1000;
  const defaultLimit = options.defaultQueryLimit ?? 200;
  const maxLimit = options.maxQueryLimit ?? 1000;
  const cache = options.cache ?? noCache;
  /**
   * Rows of a page query, planned without parallel workers: a page stops after its limit, so
   * starting workers costs more than it saves (5–10 ms of a 2 ms query), and under concurrent
   * requests the workers only compete for the same cores.
   */
  const pageRows = <T>(fragment: SqlFragment): Promise<T[]> =>
    knex.transaction(async trx => {
      await trx.raw('set local max_parallel_workers_per_gather = 0');
      const result = (await trx.raw(fragment.sql, fragment.bindings as Knex.RawBinding[])) as {
        rows: T[];
      };
      return result.rows;
    });
  /** Rows of a read-only query, remembered while the catalog is unchanged. */
  const cachedRows = <T>(fragment: SqlFragment): Promise<T[]> =>
    cache.get(JSON.stringify([fragment.sql, fragment.bindings]), () => rows<T>(fragment));

  const rows = async <T>(fragment: SqlFragment): Promise<T[]> => {
    const result = (await knex.raw(fragment.sql, fragment.bindings as Knex.RawBinding[])) as {
      rows: T[];
    };
    return result.rows;
  };

  /** Filters and full-text condition on an entity id column, AND-ed. */
  const filterConditions =
    (
      predicates: Array<FilterPredicate | undefined>,
      fullText?: { term: string; fields: string[] },
    ) =>
    (entityId: string): SqlFragment[] => {
      const parts = predicates
        .filter((predicate): predicate is FilterPredicate => predicate !== undefined)
        .map(predicate => predicateToSql(predicate, entityId));
      if (fullText) {
        const keys = fullText.fields.map(field => field.toLowerCase());
        parts.push({
          sql:
            `exists (select 1 from catalog_search t where t.entity_id = ${entityId}` +
            ` and t.key in (${keys.map(() => '?').join(', ')}) and t.value like ? escape '!')`,
          bindings: [...keys, `%${escapeLike(fullText.term.toLowerCase())}%`],
        });
      }
      return parts;
    };

  const where = (parts: SqlFragment[]): SqlFragment => ({
    sql: parts.map(part => ` and ${part.sql}`).join(''),
    bindings: parts.flatMap(part => part.bindings),
  });

  /**
   * One page in keyset order. Sorted pages are driven by the `(key, value, entity_id)` index of
   * the sort key, so PostgreSQL walks it in order and stops at the limit; an entity with several
   * values for the key (an array) is placed by its smallest one, and entities without a value
   * are left out. Unsorted pages walk the primary key.
   */
  const fetchPage = async (spec: PageSpec): Promise<EntityRow[]> => {
    const descending = (spec.sort?.order === 'desc') !== Boolean(spec.backward);
    const direction = descending ? 'desc' : 'asc';
    const after = descending ? '<' : '>';
    const tail = `limit ?${spec.offset ? ' offset ?' : ''}`;
    const tailBindings = spec.offset ? [spec.limit, spec.offset] : [spec.limit];
    if (spec.sort) {
      const conditions = where(spec.conditions('o.entity_id'));
      const [value, id] = spec.boundary ?? [];
      const keyset = id !== undefined ? ` and (o.value, o.entity_id) ${after} (?, ?)` : '';
      // The kind walk's index is partial (kindSortKeys); its predicate, repeated word for word,
      // lets the planner use it whatever the plan's parameters.
      const kind =
        spec.kind !== undefined && kindSortKeys.includes(spec.sort.key) ? spec.kind : undefined;
      const kindCondition = kind !== undefined ? ` and o.key in (${keyList()}) and o.kind = ?` : '';
      return pageRows<EntityRow>({
        sql:
          `select o.entity_id, e.final_entity, o.value as sort_value` +
          ` from catalog_search o join catalog_final_entities e on e.entity_id = o.entity_id` +
          ` where o.key = ?${kindCondition} and o.value is not null` +
          ` and not exists (select 1 from catalog_search m where m.entity_id = o.entity_id` +
          ` and m.key = ? and m.value < o.value)` +
          `${conditions.sql}${keyset}` +
          ` order by o.value ${direction}, o.entity_id ${direction} ${tail}`,
        bindings: [
          spec.sort.key,
          ...(kind !== undefined ? [kind] : []),
          spec.sort.key,
          ...conditions.bindings,
          ...(id !== undefined ? [value, id] : []),
          ...tailBindings,
        ],
      });
    }
    const conditions = where(spec.conditions('e.entity_id'));
    const [id] = spec.boundary ?? [];
    return pageRows<EntityRow>({
      sql:
        `select e.entity_id, e.final_entity from catalog_final_entities e where true` +
        `${conditions.sql}${id !== undefined ? ` and e.entity_id ${after} ?` : ''}` +
        ` order by e.entity_id ${direction} ${tail}`,
      bindings: [...conditions.bindings, ...(id !== undefined ? [id] : []), ...tailBindings],
    });
  };

  const countEntities = async (
    conditions: (entityId: string) => SqlFragment[],
    sortKey: string | undefined,
  ): Promise<number> => {
    const parts = conditions('e.entity_id');
    if (sortKey && !alwaysIndexedKeys.has(sortKey)) {
      parts.unshift({
        sql: `exists (select 1 from catalog_search o where o.entity_id = e.entity_id and o.key = ? and o.value is not null)`,
        bindings: [sortKey],
      });
    }
    const filtered = where(parts);
    const [row] = await cachedRows<{ count: number | string }>({
      sql: `select count(*) as count from catalog_final_entities e where true${filtered.sql}`,
      bindings: filtered.bindings,
    });
    return Number(row?.count ?? 0);
  };

  const boundaryOf = (row: EntityRow, sorted: boolean): string[] =>
    sorted ? [row.sort_value ?? '', row.entity_id] : [row.entity_id];

  /** Lazily yields chunks; the first is fetched before returning, so errors surface early. */
  const chunked = async (
    next: (previous: EntityRow | undefined, phase: number) => Promise<EntityRow[]>,
    phases: number,
    fields: string[] | undefined,
  ): Promise<AsyncIterable<SerializedEntity[]>> => {
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
  };

  /** `GET /entities` without pagination: keyset chunks, never the whole list in memory. */
  const streamAll = (request: ListEntitiesRequest): Promise<EntityList> => {
    const conditions = filterConditions([request.filter]);
    const [first] = request.order ?? [];
    if (!first) {
      return chunked(
        previous =>
          fetchPage({
            conditions,
            boundary: previous ? [previous.entity_id] : undefined,
            limit: chunkSize,
          }),
        1,
        request.fields,
      ).then(chunks => ({ chunks }));
    }
    // Like Backstage's streaming path, only the first order field counts. Entities with a value
    // come first, in order; those without one follow by id (the paged path's NULLS LAST).
    const sort = { key: first.field.toLowerCase(), order: first.order };
    const lacking = (entityId: string): SqlFragment[] => [
      ...conditions(entityId),
      {
        sql: `not exists (select 1 from catalog_search lk where lk.entity_id = ${entityId} and lk.key = ? and lk.value is not null)`,
        bindings: [sort.key],
      },
    ];
    return chunked(
      (previous, phase) =>
        phase === 0
          ? fetchPage({
              conditions,
              kind: forcedKind([request.filter]),
              sort,
              boundary: previous ? boundaryOf(previous, true) : undefined,
              limit: chunkSize,
            })
          : fetchPage({
              conditions: lacking,
              boundary: previous ? [previous.entity_id] : undefined,
              limit: chunkSize,
            }),
      2,
      request.fields,
    ).then(chunks => ({ chunks }));
  };

  /** `GET /entities` with offset/limit/after: Backstage's legacy offset pagination. */
  const listPage = async (request: ListEntitiesRequest): Promise<EntityList> => {
    let { limit, offset = 0 } = request;
    if (request.after !== undefined) {
      ({ limit, offset } = decodeAfterCursor(request.after));
    }
    const order = request.order ?? [];
    const filter = where(filterConditions([request.filter])('e.entity_id'));
    // Unordered lists go by ref, and one kind's refs are one range of the ref index
    // (refOrderMigrations): read that range instead of walking the kinds before it.
    const kind = order.length === 0 ? forcedKind([request.filter]) : undefined;
    const kindRange =
      kind !== undefined
        ? { sql: ' and e.entity_ref >= ? and e.entity_ref < ?', bindings: [`${kind}:`, `${kind};`] }
        : { sql: '', bindings: [] };
    const joins = order.map(
      (_, index) =>
        ` left join lateral (select min(s.value) as v from catalog_search s` +
        ` where s.entity_id = e.entity_id and s.key = ?) o${index} on true`,
    );
    const orderBy = [
      ...order.map((item, index) => `o${index}.v ${item.order} nulls last`),
      order.length > 0 ? 'e.entity_id asc' : 'e.entity_ref asc',
    ];
    // Small pages come in one query; larger ones (or "from offset to the end") fetch the ordered
    // ids first and the entities in chunks, so memory stays bounded.
    const direct = limit !== undefined && limit <= chunkSize;
    const selected = await pageRows<{ entity_id: string; final_entity?: string }>({
      sql:
        `select e.entity_id${direct ? ', e.final_entity' : ''} from catalog_final_entities e` +
        `${joins.join('')} where true${kindRange.sql}${filter.sql}` +
        ` order by ${orderBy.join(', ')}${limit !== undefined ? ' limit ?' : ''} offset ?`,
      bindings: [
        ...order.map(item => item.field.toLowerCase()),
        ...kindRange.bindings,
        ...filter.bindings,
        ...(limit !== undefined ? [limit + 1] : []),
        offset,
      ],
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
    const fields = request.fields;
    return {
      nextAfter,
      chunks: (async function* () {
        for (let start = 0; start < page.length; start += chunkSize) {
          const ids = page.slice(start, start + chunkSize).map(row => row.entity_id);
          const found = await rows<EntityRow>({
            sql: 'select entity_id, final_entity from catalog_final_entities where entity_id = any(?)',
            bindings: [ids],
          });
          const byId = new Map(found.map(row => [row.entity_id, row.final_entity]));
          // An entity deleted since the ids were read is skipped.
          const texts = ids.flatMap(id => byId.get(id) ?? []);
          if (texts.length > 0) yield selectSerializedFields(texts, fields);
        }
      })(),
    };
  };

  return {
    listEntities(request) {
      const paged =
        request.offset !== undefined || request.limit !== undefined || request.after !== undefined;
      return paged ? listPage(request) : streamAll(request);
    },

    async queryEntities(request) {
      const limit = Math.min(Math.max(request.limit ?? defaultLimit, 0), maxLimit);
      let state: Omit<QueryCursor, 'boundary' | 'backward'>;
      let boundary: readonly string[] | undefined;
      let backward = false;
      let offset: number | undefined;
      let countNow = false;

      if ('cursor' in request) {
        const cursor = decodeQueryCursor(request.cursor);
        ({ boundary, backward } = cursor);
        state = {
          filter: cursor.filter,
          query: cursor.query,
          orderField: cursor.orderField,
          fullTextFilter: cursor.fullTextFilter,
          totalItems: cursor.totalItems,
        };
      } else {
        const [first] = request.orderFields ?? [];
        const orderField = first
          ? { field: first.field.toLowerCase(), order: first.order }
          : undefined;
        const term = request.fullTextFilter?.term?.trim();
        const textFields = (request.fullTextFilter?.fields ?? [])
          .map(field => field.trim().toLowerCase())
          .filter(Boolean);
        state = {
          filter: request.filter,
          query: request.query,
          orderField,
          fullTextFilter: term
            ? {
                term,
                fields: textFields.length > 0 ? textFields : [orderField?.field ?? 'metadata.uid'],
              }
            : undefined,
        };
        offset = request.offset;
        countNow = request.totalItems !== 'exclude';
      }

      const conditions = filterConditions([state.filter, state.query], state.fullTextFilter);
      const sort = state.orderField
        ? { key: state.orderField.field, order: state.orderField.order }
        : undefined;
      const [fetched, counted] = await Promise.all([
        limit > 0
          ? fetchPage({
              conditions,
              kind: forcedKind([state.filter, state.query]),
              sort,
              boundary,
              backward,
              limit: limit + 1,
              offset,
            })
          : Promise.resolve([]),
        countNow ? countEntities(conditions, sort?.key) : Promise.resolve(undefined),
      ]);
      const totalItems = counted ?? state.totalItems;

      const hasMore = fetched.length > limit;
      const page = fetched.slice(0, limit);
      if (backward) page.reverse();
      const firstRow = page[0];
      const lastRow = page.at(-1);
      const cursorFor = (row: EntityRow, isBackward: boolean) =>
        encodeQueryCursor({
          ...state,
          totalItems,
          boundary: boundaryOf(row, Boolean(sort)) as QueryCursor['boundary'],
          backward: isBackward,
        });
      // Going forward, more rows mean a next page, and a cursor or an offset means rows before.
      // Going back, more rows mean a previous page, and the rows we came from are the next one.
      const hasNext = backward ? true : hasMore;
      const hasPrevious = backward ? hasMore : boundary !== undefined || Boolean(offset);
      return {
        items: selectSerializedFields(
          page.map(row => row.final_entity),
          request.fields,
        ),
        totalItems: totalItems ?? 0,
        pageInfo: {
          ...(hasNext && lastRow ? { nextCursor: cursorFor(lastRow, false) } : {}),
          ...(hasPrevious && firstRow ? { prevCursor: cursorFor(firstRow, true) } : {}),
        },
      };
    },

    async getEntitiesByRefs(request) {
      const refs = request.entityRefs.map(ref => {
        const parsed = safeParseEntityRef(ref.trim());
        return parsed.ok ? stringifyEntityRef(parsed.ref) : undefined;
      });
      const wanted = [...new Set(refs.filter((ref): ref is string => ref !== undefined))];
      if (wanted.length === 0) return refs.map(() => null);
      const filter = where(filterConditions([request.filter])('e.entity_id'));
      const found = await rows<{ entity_ref: string; final_entity: string }>({
        sql:
          'select e.entity_ref, e.final_entity from catalog_final_entities e' +
          ` where e.entity_ref = any(?)${filter.sql}`,
        bindings: [wanted, ...filter.bindings],
      });
      const byRef = new Map(found.map(row => [row.entity_ref, row.final_entity]));
      const present = refs.map(ref => (ref === undefined ? undefined : byRef.get(ref)));
      const selected = selectSerializedFields(
        present.filter((text): text is string => text !== undefined),
        request.fields,
      );
      let next = 0;
      return present.map(text => (text === undefined ? null : (selected[next++] ?? null)));
    },

    async getEntityByUid(uid) {
      const [row] = uuidPattern.test(uid)
        ? await rows<{ final_entity: string }>({
            sql: 'select final_entity from catalog_final_entities where entity_id = ?',
            bindings: [uid],
          })
        : [];
      if (!row) throw new NotFoundError(`No entity with uid ${uid}`);
      return row.final_entity;
    },

    async getEntityByName(ref) {
      const [row] = await rows<{ final_entity: string }>({
        sql: 'select final_entity from catalog_final_entities where entity_ref = ?',
        bindings: [stringifyEntityRef(ref)],
      });
      if (!row) {
        throw new NotFoundError(
          `No entity named '${ref.name}' found, with kind '${ref.kind}' in namespace '${ref.namespace}'`,
        );
      }
      return row.final_entity;
    },

    async getEntityFacets(request) {
      // One query per facet (they run side by side on a pool): each reads one key's rows in
      // entity order from the covering index and merge-joins them with the filter.
      const keys = [...new Set(request.facets.map(facet => facet.toLowerCase()))];
      const filter = where(filterConditions([request.filter])('f.entity_id'));
      const counted = await Promise.all(
        keys.map(key =>
          cachedRows<{ value: string; count: number | string }>({
            sql:
              'select f.original_value as value, count(*) as count from catalog_search f' +
              ` where f.key = ? and f.original_value is not null${filter.sql}` +
              ' group by f.original_value',
            bindings: [key, ...filter.bindings],
          }),
        ),
      );
      const byKey = new Map(keys.map((key, index) => [key, counted[index] ?? []]));
      const facets: EntityFacetsResponse['facets'] = {};
      for (const facet of request.facets) {
        // defineProperty: a facet named `__proto__` must stay a plain key of the response.
        Object.defineProperty(facets, facet, {
          value: (byKey.get(facet.toLowerCase()) ?? [])
            .map(row => ({ value: row.value, count: Number(row.count) }))
            // By value in code point order, the same whatever the database's collation.
            .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return { facets };
    },
  };
}
