import { z } from 'zod';
import { InputError } from '@callboard/plugin-api/common';
import { entityOrderSchema, filterPredicateSchema } from '../../common/entities';
import type { ServedEntityRow } from '../database/tables';

/**
 * The state of a `/entities/by-query` pagination, carried by the client as an opaque base64 JSON
 * string. It repeats the original request (a cursor replaces `filter`, `orderField` and the full
 * text filter), and names the row the page starts after (or, going back, ends before).
 *
 * A cursor from `POST` keeps its predicate under `query`: Backstage's client looks for that key
 * to send the next page to `POST` again. Either endpoint accepts either cursor.
 */
export const queryCursorSchema = z
  .object({
    /** Query-string filters of a `GET`, as a predicate. */
    filter: filterPredicateSchema.optional(),
    /** The predicate of a `POST`. */
    query: filterPredicateSchema.optional(),
    /** Lower-cased sort key; absent: ordered by entity id. */
    orderField: entityOrderSchema.optional(),
    fullTextFilter: z
      .object({ term: z.string().min(1), fields: z.array(z.string().min(1)).min(1) })
      .optional(),
    /** The boundary row: `[sortValue, entityId]` when sorted, else `[entityId]`. */
    boundary: z.union([z.tuple([z.string(), z.guid()]), z.tuple([z.guid()])]),
    /** True for a `prevCursor`: the page ends before the boundary. */
    backward: z.boolean(),
    /** Counted once on the first page and carried along; absent when excluded. */
    totalItems: z.number().int().min(0).optional(),
  })
  .refine(
    cursor => cursor.boundary.length === (cursor.orderField ? 2 : 1),
    'the boundary does not match the order',
  );

export type QueryCursor = z.infer<typeof queryCursorSchema>;

export function encodeQueryCursor(cursor: QueryCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64');
}

export function decodeQueryCursor(text: string): QueryCursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw new InputError('Malformed cursor, could not be parsed');
  }
  const result = queryCursorSchema.safeParse(json);
  if (!result.success) {
    throw new InputError('Malformed cursor, it does not come from this catalog');
  }
  return result.data;
}

/** The `after` of `GET /entities` pages: plain offset pagination, like Backstage's. */
const afterCursorSchema = z.object({
  limit: z.number().int().min(1),
  offset: z.number().int().min(0),
});

export type AfterCursor = z.infer<typeof afterCursorSchema>;

export function encodeAfterCursor(cursor: AfterCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64');
}

export function decodeAfterCursor(text: string): AfterCursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw new InputError('Malformed after cursor, could not be parsed');
  }
  const result = afterCursorSchema.safeParse(json);
  if (!result.success) {
    throw new InputError('Malformed after cursor, expected an integer limit and offset');
  }
  return result.data;
}

/** Where a page after (or before) this row starts: its cursor's `boundary`. */
export function boundaryOf(row: ServedEntityRow, sorted: boolean): string[] {
  return sorted ? [row.sort_value ?? '', row.entity_id] : [row.entity_id];
}
