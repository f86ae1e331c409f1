import { InputError } from '@callboard/plugin-api/common';
import type {
  EntitiesByQueryBody,
  EntitiesByQueryQuery,
  EntitiesByRefsBody,
  EntitiesByRefsQuery,
  EntitiesListQuery,
  EntityFacetsBody,
  EntityFacetsQuery,
  EntityOrder,
  FilterPredicate,
} from '../../common/entities';
import { parseFields } from './entityFields';
import type {
  EntitiesByRefsRequest,
  EntityFacetsRequest,
  ListEntitiesRequest,
  QueryEntitiesRequest,
} from './createEntitiesQueryService';
import { parseFilterStrings } from './parseFilterStrings';

/**
 * From the validated wire forms (`common/entities.ts`) to service requests: the query-string
 * filter, `fields`, `order` and `orderField` syntaxes are parsed here, with Backstage's 400s.
 */

/** `asc:<field>` / `desc:<field>` of `GET /entities`. */
export function parseOrderParams(values: readonly string[] | undefined): EntityOrder[] | undefined {
  if (!values) return undefined;
  return values.map(value => {
    const match = /^(asc|desc):(.+)$/.exec(value.trim());
    if (!match) {
      throw new InputError(
        `Invalid order parameter "${value}", expected "<asc or desc>:<field name>"`,
      );
    }
    return { order: match[1] as 'asc' | 'desc', field: (match[2] as string).trim() };
  });
}

/** `<field>[,asc|desc]` of `GET /entities/by-query`. */
export function parseOrderFieldParams(
  values: readonly string[] | undefined,
): EntityOrder[] | undefined {
  if (!values) return undefined;
  return values.map(value => {
    const [field = '', order, ...rest] = value.split(',').map(part => part.trim());
    if (!field || rest.length > 0) {
      throw new InputError(`Invalid order field "${value}", expected "<field>[,asc|desc]"`);
    }
    if (order !== undefined && order !== 'asc' && order !== 'desc') {
      throw new InputError('Invalid order field order, must be asc or desc');
    }
    return { field, order: order ?? 'asc' };
  });
}

/** Both given: both must match. */
export function allOf(
  ...predicates: Array<FilterPredicate | undefined>
): FilterPredicate | undefined {
  const given = predicates.filter((predicate): predicate is FilterPredicate => !!predicate);
  if (given.length <= 1) return given[0];
  return { $all: given };
}

export function toListEntitiesRequest(query: EntitiesListQuery): ListEntitiesRequest {
  return {
    filter: parseFilterStrings(query.filter),
    fields: parseFields(query.fields),
    order: parseOrderParams(query.order),
    offset: query.offset,
    limit: query.limit,
    after: query.after,
  };
}

export function toQueryEntitiesRequestFromQuery(query: EntitiesByQueryQuery): QueryEntitiesRequest {
  const fields = parseFields(query.fields);
  if (query.cursor !== undefined) {
    return { cursor: query.cursor, fields, limit: query.limit };
  }
  return {
    filter: parseFilterStrings(query.filter),
    orderFields: parseOrderFieldParams(query.orderField),
    fullTextFilter: {
      term: query.fullTextFilterTerm,
      fields: query.fullTextFilterFields?.flatMap(value => value.split(',')),
    },
    fields,
    limit: query.limit,
    offset: query.offset,
    totalItems: query.totalItems,
  };
}

export function toQueryEntitiesRequestFromBody(body: EntitiesByQueryBody): QueryEntitiesRequest {
  const fields = parseFields(body.fields);
  if (body.cursor !== undefined) {
    return { cursor: body.cursor, fields, limit: body.limit };
  }
  return {
    query: body.query,
    orderFields: body.orderBy,
    fullTextFilter: body.fullTextFilter,
    fields,
    limit: body.limit,
    offset: body.offset,
    totalItems: body.totalItems,
  };
}

export function toEntitiesByRefsRequest(
  body: EntitiesByRefsBody,
  query: EntitiesByRefsQuery,
): EntitiesByRefsRequest {
  return {
    entityRefs: body.entityRefs,
    fields: parseFields(body.fields ?? query.fields),
    filter: allOf(body.query, parseFilterStrings(query.filter)),
  };
}

export function toEntityFacetsRequestFromQuery(query: EntityFacetsQuery): EntityFacetsRequest {
  return { facets: query.facet, filter: parseFilterStrings(query.filter) };
}

export function toEntityFacetsRequestFromBody(body: EntityFacetsBody): EntityFacetsRequest {
  return { facets: body.facets, filter: body.query };
}
