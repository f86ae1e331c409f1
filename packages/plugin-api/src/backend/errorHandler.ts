import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  CallboardError,
  ConflictError,
  errorForName,
  errorNameForStatus,
  InputError,
  NotFoundError,
  statusCodeForErrorName,
} from '../common/errors';
import type { ErrorResponseBody } from '../common/errorBody';
import { describeForUser } from '../common/describeForUser';

/**
 * The one place errors become HTTP. Status comes from the error's name (Backstage's rule);
 * zod failures are input errors; a PostgreSQL unique violation is a conflict; body-parser's
 * own errors keep their 4xx status. An unexpected error (anything that is not one of our typed
 * errors: a database error, a stack overflow, a bug) is an opaque 500 carrying a request id;
 * its details go to the log under that id, never into the response. Typed errors' messages pass
 * through `describeForUser`, which keeps a wrapped SQL text, stack or server path out.
 */
export function errorHandler(options: { logger: Logger }): ErrorRequestHandler {
  return (rawError: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late for a body; let express close the connection.
      next(rawError);
      return;
    }
    const error = normalizeError(rawError);
    const statusCode = statusCodeFor(rawError, error);
    const request = { method: req.method, url: req.originalUrl };
    // Only our own 5xx errors (501, 503) say something meant for the caller.
    const unexpected =
      statusCode >= 500 &&
      !(error instanceof CallboardError && statusCodeForErrorName(error.name) === statusCode);
    if (unexpected) {
      const requestId = randomUUID();
      options.logger.error({ err: rawError, ...request, requestId }, 'request failed');
      const body: ErrorResponseBody = {
        error: { name: 'InternalServerError', message: 'Internal server error' },
        request: { ...request, id: requestId },
        response: { statusCode: 500 },
      };
      res.status(500).json(body);
      return;
    }
    if (statusCode >= 500) {
      options.logger.error({ err: rawError, ...request }, 'request failed');
    }
    const body: ErrorResponseBody & Record<string, unknown> = {
      ...(error instanceof CallboardError && statusCode < 500 ? error.responseFields : undefined),
      error: {
        name: error.name,
        message: describeForUser(error),
      },
      request,
      response: { statusCode },
    };
    res.status(statusCode).json(body);
  };
}

/** Answers every request that reached it with a 404 error body (mount after the routers). */
export function notFoundHandler(): RequestHandler {
  return req => {
    throw new NotFoundError(`No route for ${req.method} ${req.originalUrl}`);
  };
}

function normalizeError(error: unknown): Error {
  if (error instanceof z.ZodError) {
    return new InputError(formatZodError(error));
  }
  if (isPgUniqueViolation(error)) {
    return new ConflictError(error.detail ?? 'The record already exists');
  }
  if (isHttpError(error)) {
    if (error.type === 'entity.parse.failed') {
      return new InputError(`The request body is not valid JSON: ${error.message}`);
    }
    if (error.type === 'entity.too.large') {
      return new InputError(
        `The request body is larger than the limit of ${describeBytes(error.limit)}`,
      );
    }
    // A 4xx without a Backstage name of its own (413, 415, …) is the caller's input problem.
    const name = errorNameForStatus(error.status);
    return errorForName(
      name === 'Error' ? 'InputError' : name,
      error.expose ? error.message : defaultMessage(error.status),
    );
  }
  if (error instanceof Error) {
    return error;
  }
  return new Error(String(error));
}

function statusCodeFor(raw: unknown, error: Error): number {
  // Errors from express's own middleware (body-parser, static files) carry their 4xx status.
  if (isHttpError(raw)) {
    return raw.status;
  }
  return statusCodeForErrorName(error.name);
}

function defaultMessage(status: number): string {
  return status === 404 ? 'Not found' : `Request failed with status ${status}`;
}

/** body-parser's limit in bytes, as people write it: `5 MB`, `100 KB`. */
function describeBytes(bytes: number | undefined): string {
  if (bytes === undefined) return 'the server';
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** `body.name must be a string; body.tags[2] is required` — field paths a caller can act on. */
export function formatZodError(error: z.ZodError, prefix?: string): string {
  return error.issues
    .map(issue => {
      const path = formatPath(prefix ? [prefix, ...issue.path] : issue.path);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else {
      out += out ? `.${String(segment)}` : String(segment);
    }
  }
  return out;
}

interface PgError {
  code: string;
  detail?: string;
}

function isPgUniqueViolation(error: unknown): error is PgError {
  return typeof error === 'object' && error !== null && (error as PgError).code === '23505';
}

/** The `http-errors` shape used by body-parser and serve-static: a 4xx `status`, maybe a `type`. */
interface HttpError extends Error {
  status: number;
  expose?: boolean;
  type?: string;
  /** body-parser's limit, on `entity.too.large`. */
  limit?: number;
}

function isHttpError(error: unknown): error is HttpError {
  const status = (error as HttpError | undefined)?.status;
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}
