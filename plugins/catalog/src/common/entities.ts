import type { Entity } from '@callboard/catalog-model';
import { z } from 'zod';

/**
 * The wire contract of the catalog's entity READ endpoints (backstage-spec §2.2–2.5): filter
 * predicates, the raw query parameters and JSON bodies each endpoint accepts, and the shapes it
 * answers with. Shared by the backend router and the frontend.
 */

// ---------------------------------------------------------------------------------------------
// Filter predicates (backstage-spec §2.3)
// ---------------------------------------------------------------------------------------------

/** Compared as lower-cased strings: `"Component"` equals `"component"`, `7` equals `"7"`. */
export type FilterPredicatePrimitive = string | number | boolean;

/** A matcher for the value at one path. Unknown `$` operators are accepted and never match. */
export type FilterPredicateValue =
  | FilterPredicatePrimitive
  | { $exists: boolean }
  | { $in: FilterPredicatePrimitive[] }
  | { $contains: FilterPredicate | FilterPredicatePrimitive }
  | { $hasPrefix: string }
  | { [unknownOperator: `$${string}`]: unknown };

/** Dot paths (`spec.type`, `metadata.annotations.backstage.io/orphan`) to matchers, all of which must match. */
export interface FilterPredicateExpression {
  [path: string]: FilterPredicateValue;
}

/**
 * A filter over entities. Logical operators stand alone in their object; an unknown `$` key
 * makes its object never match.
 */
export type FilterPredicate =
  | { $all: FilterPredicate[] }
  | { $any: FilterPredicate[] }
  | { $not: FilterPredicate }
  | FilterPredicateExpression;

/** Limits that keep one request's SQL small; beyond them a predicate is refused (400). */
export const filterPredicateLimits = { maxDepth: 32, maxConditions: 1000 } as const;

const logicalOperators = ['$all', '$any', '$not'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPrimitive(value: unknown): value is FilterPredicatePrimitive {
  return (
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    typeof value === 'boolean'
  );
}

interface PredicateProblem {
  path: PropertyKey[];
  message: string;
}

/** Every structural problem of a predicate, each with the path to the offending part. */
function predicateProblems(value: unknown): PredicateProblem[] {
  const problems: PredicateProblem[] = [];
  let conditions = 0;
  let tooLarge = false;

  const checkPredicate = (node: unknown, path: PropertyKey[], depth: number): void => {
    if (depth > filterPredicateLimits.maxDepth) {
      problems.push({
        path,
        message: `nested deeper than ${filterPredicateLimits.maxDepth} levels`,
      });
      return;
    }
    if (!isPlainObject(node)) {
      problems.push({
        path,
        message: `expected a predicate object such as {"kind": "component"}, found ${describe(node)}`,
      });
      return;
    }
    const keys = Object.keys(node);
    const logical = keys.filter(key => (logicalOperators as readonly string[]).includes(key));
    if (logical.length > 0) {
      if (keys.length > 1) {
        problems.push({
          path,
          message: `${logical[0]} must be the only key of its object; wrap the conditions in $all to combine them`,
        });
        return;
      }
      const operator = logical[0] as (typeof logicalOperators)[number];
      const operand = node[operator];
      if (operator === '$not') {
        checkPredicate(operand, [...path, operator], depth + 1);
        return;
      }
      if (!Array.isArray(operand)) {
        problems.push({
          path: [...path, operator],
          message: `expected an array of predicates, found ${describe(operand)}`,
        });
        return;
      }
      operand.forEach((item, index) => checkPredicate(item, [...path, operator, index], depth + 1));
      return;
    }
    for (const key of keys) {
      conditions++;
      if (key.startsWith('$')) {
        continue; // An unknown operator: valid, never matches.
      }
      checkValue(node[key], [...path, key], depth + 1);
    }
    if (conditions > filterPredicateLimits.maxConditions && !tooLarge) {
      tooLarge = true;
      problems.push({
        path,
        message: `more than ${filterPredicateLimits.maxConditions} conditions in one predicate`,
      });
    }
  };

  const checkValue = (node: unknown, path: PropertyKey[], depth: number): void => {
    if (isPrimitive(node)) return;
    if (!isPlainObject(node)) {
      problems.push({
        path,
        message: `expected a string, number, boolean or an operator object such as {"$in": [...]}, found ${describe(node)}`,
      });
      return;
    }
    const keys = Object.keys(node);
    const [operator] = keys;
    if (keys.length !== 1 || operator === undefined) {
      problems.push({
        path,
        message: `expected exactly one operator ($exists, $in, $contains or $hasPrefix), found ${keys.length}`,
      });
      return;
    }
    const operand = node[operator];
    const at = [...path, operator];
    switch (operator) {
      case '$exists':
        if (typeof operand !== 'boolean') {
          problems.push({
            path: at,
            message: `expected true or false, found ${describe(operand)}`,
          });
        }
        return;
      case '$hasPrefix':
        if (typeof operand !== 'string') {
          problems.push({ path: at, message: `expected a string, found ${describe(operand)}` });
        }
        return;
      case '$in':
        if (!Array.isArray(operand)) {
          problems.push({
            path: at,
            message: `expected an array of strings, numbers or booleans, found ${describe(operand)}`,
          });
          return;
        }
        operand.forEach((item, index) => {
          if (!isPrimitive(item)) {
            problems.push({
              path: [...at, index],
              message: `expected a string, number or boolean, found ${describe(item)}`,
            });
          }
        });
        return;
      case '$contains':
        if (!isPrimitive(operand)) checkPredicate(operand, at, depth + 1);
        return;
      default:
        if (!operator.startsWith('$')) {
          problems.push({
            path,
            message: `expected an operator ($exists, $in, $contains or $hasPrefix), found "${operator}"; a nested path is written with dots, e.g. "spec.type"`,
          });
        }
      // An unknown `$` operator: valid, never matches.
    }
  };

  checkPredicate(value, [], 0);
  return problems;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a non-finite number';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Validates a filter predicate; each problem is reported at its path (`query.$all[1].spec.type.$in`),
 * so a 400 names exactly what to fix.
 */
export const filterPredicateSchema: z.ZodType<FilterPredicate> = z
  .unknown()
  .superRefine((value, ctx) => {
    for (const problem of predicateProblems(value)) {
      ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
    }
  })
  .transform(value => value as FilterPredicate);

// ---------------------------------------------------------------------------------------------
// Query parameters (express's `extended` parser: a string, an array of strings for a repeated
// key, and an object keyed "0", "1", … when a key repeats more than 20 times)
// ---------------------------------------------------------------------------------------------

function queryValues(value: unknown): unknown {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) {
    return value === undefined ? undefined : [value].flat();
  }
  if (isPlainObject(value) && Object.keys(value).every(key => /^\d+$/.test(key))) {
    return Object.entries(value)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, item]) => item);
  }
  return value;
}

/** A repeatable query parameter: always an array of strings. */
export const repeatedQueryParamSchema = z.preprocess(
  queryValues,
  z.array(z.string({ error: 'expected a string' })),
);

/** A query parameter that must be given at most once. */
const singleQueryParamSchema = z.string({ error: 'expected a single string value' });

const queryIntegerSchema = (min: number) =>
  singleQueryParamSchema
    .regex(/^-?\d+$/, 'expected an integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(Number.MAX_SAFE_INTEGER));

/** `GET /entities` */
export const entitiesListQuerySchema = z.object({
  filter: repeatedQueryParamSchema.optional(),
  fields: repeatedQueryParamSchema.optional(),
  /** `asc:<field>` or `desc:<field>`, repeatable. */
  order: repeatedQueryParamSchema.optional(),
  offset: queryIntegerSchema(0).optional(),
  limit: queryIntegerSchema(1).optional(),
  /** The opaque `after` of the previous page's `Link` header. */
  after: singleQueryParamSchema.min(1).optional(),
});
export type EntitiesListQuery = z.infer<typeof entitiesListQuerySchema>;

export const totalItemsModeSchema = z.enum(['include', 'exclude']);

/** `GET /entities/by-query` */
export const entitiesByQueryQuerySchema = z.object({
  filter: repeatedQueryParamSchema.optional(),
  fields: repeatedQueryParamSchema.optional(),
  /** `<field>` or `<field>,asc|desc`; only the first is honoured. */
  orderField: repeatedQueryParamSchema.optional(),
  limit: queryIntegerSchema(0).optional(),
  offset: queryIntegerSchema(0).optional(),
  cursor: singleQueryParamSchema.min(1).optional(),
  fullTextFilterTerm: singleQueryParamSchema.optional(),
  /** Comma-separated and/or repeated. */
  fullTextFilterFields: repeatedQueryParamSchema.optional(),
  totalItems: totalItemsModeSchema.optional(),
});
export type EntitiesByQueryQuery = z.infer<typeof entitiesByQueryQuerySchema>;

/** `GET /entity-facets` */
export const entityFacetsQuerySchema = z.object({
  facet: repeatedQueryParamSchema.refine(facets => facets.length > 0, 'at least one facet'),
  filter: repeatedQueryParamSchema.optional(),
});
export type EntityFacetsQuery = z.infer<typeof entityFacetsQuerySchema>;

/** `POST /entities/by-refs`: `?filter=` only (and `?fields=` when the body has none). */
export const entitiesByRefsQuerySchema = z.object({
  filter: repeatedQueryParamSchema.optional(),
  fields: repeatedQueryParamSchema.optional(),
});
export type EntitiesByRefsQuery = z.infer<typeof entitiesByRefsQuerySchema>;

// ---------------------------------------------------------------------------------------------
// JSON bodies
// ---------------------------------------------------------------------------------------------

export const entityOrderSchema = z.object({
  field: z.string().min(1),
  order: z.enum(['asc', 'desc']),
});
export type EntityOrder = z.infer<typeof entityOrderSchema>;

/** `POST /entities/by-query` */
export const entitiesByQueryBodySchema = z.object({
  query: filterPredicateSchema.optional(),
  orderBy: z.array(entityOrderSchema).optional(),
  fullTextFilter: z
    .object({ term: z.string().optional(), fields: z.array(z.string()).optional() })
    .optional(),
  fields: z.array(z.string()).optional(),
  limit: z.number().int().min(0).optional(),
  offset: z.number().int().min(0).optional(),
  cursor: z.string().min(1).optional(),
  totalItems: totalItemsModeSchema.optional(),
});
export type EntitiesByQueryBody = z.infer<typeof entitiesByQueryBodySchema>;

/** Most refs one `POST /entities/by-refs` may ask for (Backstage's client sends chunks of 1000). */
export const maxEntityRefsPerRequest = 1000;

/** `POST /entities/by-refs` */
export const entitiesByRefsBodySchema = z.object({
  entityRefs: z
    .array(z.string())
    .max(maxEntityRefsPerRequest, `at most ${maxEntityRefsPerRequest} refs per request`),
  fields: z.array(z.string()).optional(),
  query: filterPredicateSchema.optional(),
});
export type EntitiesByRefsBody = z.infer<typeof entitiesByRefsBodySchema>;

/** `POST /entity-facets` */
export const entityFacetsBodySchema = z.object({
  facets: z.array(z.string().min(1)).min(1),
  query: filterPredicateSchema.optional(),
});
export type EntityFacetsBody = z.infer<typeof entityFacetsBodySchema>;

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** A whole entity as served (`GET /entities/by-name/…`, `/by-uid/…`). */
export const entityResponseSchema = z.custom<Entity>(
  value =>
    isObject(value) &&
    typeof value.apiVersion === 'string' &&
    typeof value.kind === 'string' &&
    isObject(value.metadata) &&
    typeof value.metadata.name === 'string',
  { message: 'expected an entity with apiVersion, kind and metadata.name' },
);

/**
 * An entity in a list: whole, or pruned to the requested `fields` (then only those are present;
 * code that asks for fields reads only those). The catalog validated it before serving it, so
 * the client checks that it is an object rather than re-validating every kind's schema.
 */
export const entityItemSchema = z.custom<Entity>(isObject, {
  message: 'expected an entity object',
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `GET /entities` */
export const entitiesListResponseSchema = z.array(entityItemSchema);

/** `GET|POST /entities/by-query` */
export const entitiesQueryResponseSchema = z.object({
  items: z.array(entityItemSchema),
  totalItems: z.number(),
  pageInfo: z.object({
    nextCursor: z.string().optional(),
    prevCursor: z.string().optional(),
  }),
});
export type EntitiesQueryResponse = z.infer<typeof entitiesQueryResponseSchema>;

/** `POST /entities/by-refs`: one item per requested ref, `null` where none matched. */
export const entitiesBatchResponseSchema = z.object({
  items: z.array(entityItemSchema.nullable()),
});
export type EntitiesBatchResponse = z.infer<typeof entitiesBatchResponseSchema>;

export const entityFacetSchema = z.object({ value: z.string(), count: z.number() });
export type EntityFacet = z.infer<typeof entityFacetSchema>;

/** `GET|POST /entity-facets`, keyed by the facet as requested. */
export const entityFacetsResponseSchema = z.object({
  facets: z.record(z.string(), z.array(entityFacetSchema)),
});
export type EntityFacetsResponse = z.infer<typeof entityFacetsResponseSchema>;

/** Paths under `/api/catalog` served by these schemas. */
export const entityApiPaths = {
  entities: '/entities',
  byQuery: '/entities/by-query',
  byRefs: '/entities/by-refs',
  byUid: '/entities/by-uid/:uid',
  byName: '/entities/by-name/:kind/:namespace/:name',
  facets: '/entity-facets',
} as const;
