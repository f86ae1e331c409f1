import { NotFoundError } from '../common';

/** The HTTP status `fetchApi` attached to an error, if it came from a response. */
export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const { statusCode } = error;
    return typeof statusCode === 'number' ? statusCode : undefined;
  }
  return undefined;
}

/** A 404 from the API (or a `NotFoundError` thrown in the browser): views show "not found", not "failed". */
export function isNotFound(error: unknown): boolean {
  return error instanceof NotFoundError || statusCodeOf(error) === 404;
}

/** What to show of an error: its message. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
