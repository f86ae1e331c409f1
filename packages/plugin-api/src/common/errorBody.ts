import { z } from 'zod';
import { errorForName, errorNameForStatus, type CallboardError } from './errors';

/** Backstage's error response body (backstage-spec §2.1). */
export const errorResponseBodySchema = z.object({
  error: z
    .object({
      name: z.string(),
      message: z.string(),
      stack: z.string().optional(),
      code: z.string().optional(),
    })
    .loose(),
  request: z
    .object({
      method: z.string(),
      url: z.string(),
      /** On an unexpected error (500): the id under which the server logged the details. */
      id: z.string().optional(),
    })
    .optional(),
  response: z.object({ statusCode: z.number().int() }),
});

export type ErrorResponseBody = z.infer<typeof errorResponseBodySchema>;

/** An error that came back from the server, with the response that carried it. */
export interface ResponseError extends CallboardError {
  statusCode: number;
  body?: ErrorResponseBody;
}

/**
 * Turns a failed response's status and parsed body into a typed error. Bodies that are not
 * Backstage error bodies (a proxy's HTML page, say) still give a useful message.
 */
export function errorFromResponse(
  statusCode: number,
  body: unknown,
  fallbackText = '',
): ResponseError {
  const parsed = errorResponseBodySchema.safeParse(body);
  if (parsed.success) {
    const { error: sent, request } = parsed.data;
    // The id is what a person can quote to whoever reads the server's log.
    const message = request?.id ? `${sent.message} (request id ${request.id})` : sent.message;
    const error = errorForName(sent.name, message) as ResponseError;
    error.statusCode = statusCode;
    error.body = parsed.data;
    return error;
  }
  const text = fallbackText.trim().slice(0, 200);
  const error = errorForName(
    errorNameForStatus(statusCode),
    `Request failed with status ${statusCode}${text ? `: ${text}` : ''}`,
  ) as ResponseError;
  error.statusCode = statusCode;
  return error;
}
