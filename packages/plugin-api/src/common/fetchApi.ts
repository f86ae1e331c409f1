import type { z } from 'zod';
import { CallboardError } from './errors';
import { errorFromResponse } from './errorBody';

export interface ApiRequest<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Appended as a query string; arrays repeat the key (Backstage's `filter=a&filter=b`). */
  query?: Record<string, string | number | boolean | ReadonlyArray<string> | undefined>;
  /** Validates the response body; the result is typed from it. */
  schema?: z.ZodType<T>;
  signal?: AbortSignal;
}

/** Builds `/api/<pluginId><path>?query`, relative to the page's origin. */
export function apiUrl(
  pluginId: string,
  path: string,
  query?: ApiRequest<unknown>['query'],
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(key, String(item));
    } else {
      params.append(key, String(value));
    }
  }
  const search = params.toString();
  return `/api/${pluginId}${path}${search ? `?${search}` : ''}`;
}

/**
 * Calls a plugin's API. Failed responses become typed errors rebuilt from the server's error
 * body (`NotFoundError`, `InputError`, …), so views can show the server's own message.
 */
export async function fetchApi<T = unknown>(
  pluginId: string,
  path: string,
  request: ApiRequest<T> = {},
): Promise<T> {
  const hasBody = request.body !== undefined;
  const response = await fetch(apiUrl(pluginId, path, request.query), {
    method: request.method ?? (hasBody ? 'POST' : 'GET'),
    headers: hasBody ? { 'content-type': 'application/json' } : undefined,
    body: hasBody ? JSON.stringify(request.body) : undefined,
    signal: request.signal,
  });
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) {
    throw errorFromResponse(response.status, json, text);
  }
  if (!request.schema) {
    return json as T;
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    throw new CallboardError(
      `The server's response to /api/${pluginId}${path} did not have the expected shape: ${describeIssues(parsed.error.issues)}`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/**
 * `version: Invalid input: expected string, received undefined; …` — the first few problems,
 * readable in an alert (zod's own `message` is a JSON dump of every issue).
 */
function describeIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): string {
  const shown = issues
    .slice(0, 3)
    .map(
      issue =>
        `${issue.path.length > 0 ? issue.path.map(String).join('.') : 'the body'}: ${issue.message}`,
    );
  const more = issues.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** A response body as JSON, or undefined when it is empty or not JSON (an HTML error page). */
export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
