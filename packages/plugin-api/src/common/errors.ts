/**
 * Typed errors shared by backend and frontend. Services throw these; one middleware maps them to
 * HTTP, and the frontend fetch helper turns an error body back into the same class. The names
 * are Backstage's, because the status code is derived from `error.name` on the wire.
 */
export class CallboardError extends Error {
  // Names are written out, not taken from the class: a minified build renames classes.
  override name = 'CallboardError';
  /**
   * Extra top-level fields of the error response body, beside `error`, `request`, `response`:
   * where an API's contract answers more than a message (the scaffolder's `errors` list of
   * JSON Schema failures).
   */
  responseFields?: Record<string, unknown>;
}

/** The request was malformed or failed validation (400). */
export class InputError extends CallboardError {
  override name = 'InputError';
}
/** The caller is not authenticated (401). */
export class AuthenticationError extends CallboardError {
  override name = 'AuthenticationError';
}
/** The caller may not do this (403). */
export class NotAllowedError extends CallboardError {
  override name = 'NotAllowedError';
}
/** The thing asked for does not exist (404). */
export class NotFoundError extends CallboardError {
  override name = 'NotFoundError';
}
/** The request conflicts with the current state, e.g. a duplicate (409). */
export class ConflictError extends CallboardError {
  override name = 'ConflictError';
}
/** The cached copy is still current (304). */
export class NotModifiedError extends CallboardError {
  override name = 'NotModifiedError';
}
/** The server does not do this (501). */
export class NotImplementedError extends CallboardError {
  override name = 'NotImplementedError';
}
/**
 * Something this server had to reach answered badly or not at all: a host that does not resolve,
 * refuses the connection, fails TLS or times out (502). The message says what to check.
 */
export class BadGatewayError extends CallboardError {
  override name = 'BadGatewayError';
}
/** A dependency is down or the server is not ready yet (503). */
export class ServiceUnavailableError extends CallboardError {
  override name = 'ServiceUnavailableError';
}

const statusByName: Readonly<Record<string, number>> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotModifiedError: 304,
  NotImplementedError: 501,
  BadGatewayError: 502,
  ServiceUnavailableError: 503,
};

/** The HTTP status Backstage derives from an error name; anything unknown is a 500. */
export function statusCodeForErrorName(name: string): number {
  return statusByName[name] ?? 500;
}

/** The error name for an HTTP status, for responses and errors that carry only a status. */
export function errorNameForStatus(statusCode: number): string {
  const entry = Object.entries(statusByName).find(([, status]) => status === statusCode);
  return entry ? entry[0] : 'Error';
}

const errorClasses: Readonly<Record<string, new (message: string) => CallboardError>> = {
  InputError,
  AuthenticationError,
  NotAllowedError,
  NotFoundError,
  ConflictError,
  NotModifiedError,
  NotImplementedError,
  BadGatewayError,
  ServiceUnavailableError,
};

/** Rebuilds the typed error for a name received over the wire (unknown names stay generic). */
export function errorForName(name: string, message: string): CallboardError {
  const ErrorClass = errorClasses[name];
  if (ErrorClass) {
    return new ErrorClass(message);
  }
  const error = new CallboardError(message);
  error.name = name;
  return error;
}
