import { QueryClient } from '@tanstack/react-query';
import { CallboardError } from '@callboard/plugin-api/common';
import { statusCodeOf } from '@callboard/plugin-api/frontend';

const transientClientErrors = new Set([408, 429]);

/**
 * Retry what may heal by itself (network failures, 5xx, 408, 429), at most twice. A 4xx, or a
 * response of the wrong shape, fails the same way every time: show it at once.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  const status = statusCodeOf(error);
  if (status !== undefined && status < 500 && !transientClientErrors.has(status)) {
    return false;
  }
  if (status === undefined && error instanceof CallboardError) {
    return false;
  }
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        staleTime: 30_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
