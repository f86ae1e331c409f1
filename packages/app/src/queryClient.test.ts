import { describe, expect, it } from 'vitest';
import { CallboardError, errorFromResponse } from '@callboard/plugin-api/common';
import { shouldRetry } from './queryClient';

const body = (name: string, statusCode: number) => ({
  error: { name, message: 'nope' },
  request: { method: 'GET', url: '/api/x' },
  response: { statusCode },
});

describe('shouldRetry', () => {
  it('does not retry client errors: they fail the same way every time', () => {
    expect(shouldRetry(0, errorFromResponse(404, body('NotFoundError', 404)))).toBe(false);
    expect(shouldRetry(0, errorFromResponse(400, body('InputError', 400)))).toBe(false);
    expect(shouldRetry(0, errorFromResponse(403, 'not json', '<html>'))).toBe(false);
  });

  it('does not retry a response of the wrong shape', () => {
    expect(shouldRetry(0, new CallboardError('did not have the expected shape'))).toBe(false);
  });

  it('retries server errors, timeouts, rate limits and network failures twice', () => {
    for (const error of [
      errorFromResponse(500, body('Error', 500)),
      errorFromResponse(503, body('ServiceUnavailableError', 503)),
      errorFromResponse(408, undefined),
      errorFromResponse(429, undefined),
      new TypeError('Failed to fetch'),
    ]) {
      expect(shouldRetry(0, error)).toBe(true);
      expect(shouldRetry(1, error)).toBe(true);
      expect(shouldRetry(2, error)).toBe(false);
    }
  });
});
