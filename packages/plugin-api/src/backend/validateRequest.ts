import type { Request } from 'express';
import type { z } from 'zod';
import { InputError } from '../common/errors';
import { formatZodError } from './errorHandler';
import { assertUsableInput } from './inputChecks';

/**
 * Parses a JSON request body with a zod schema. Backstage's rules: the body must be sent as
 * `application/json` and must not be empty.
 */
export function parseJsonBody<T>(req: Request, schema: z.ZodType<T>): T {
  const contentType = req.headers['content-type'];
  if (!contentType) {
    throw new InputError('Content-Type missing');
  }
  if (!/^application\/json\b/i.test(contentType)) {
    throw new InputError('Illegal Content-Type');
  }
  if (
    req.body === undefined ||
    req.body === null ||
    (typeof req.body === 'object' && Object.keys(req.body as object).length === 0)
  ) {
    throw new InputError('Empty request body');
  }
  return parseWith(schema, req.body, 'body');
}

/** Parses `req.query` (strings, or arrays of strings for repeated keys). */
export function parseQuery<T>(req: Request, schema: z.ZodType<T>): T {
  return parseWith(schema, req.query, 'query');
}

/**
 * Parses `req.params`. Path parameters are matched per route, after the backend's edge checks
 * ran, so a NUL or an unpaired surrogate in one is refused here, naming the parameter.
 */
export function parseParams<T>(req: Request, schema: z.ZodType<T>): T {
  assertUsableInput(req.params, 'path parameter');
  return parseWith(schema, req.params, 'params');
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(`Invalid request ${where}: ${formatZodError(result.error)}`);
  }
  return result.data;
}
