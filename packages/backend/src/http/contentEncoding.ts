import type { Request } from 'express';
import Negotiator from 'negotiator';

/** The encodings Callboard sends, in its order of preference (brotli is the smaller). */
export const contentEncodings = ['br', 'gzip'] as const;
export type ContentEncoding = (typeof contentEncodings)[number];

/**
 * The best of `available` the client accepts, or `identity`. Quality values decide first; among
 * equal ones brotli wins over gzip, whatever order the client listed them in (Chromium sends
 * `gzip, deflate, br, zstd`). A client that accepts nothing we have, even `identity;q=0`, still
 * gets identity: a readable answer beats a 406.
 */
export function negotiateEncoding(
  req: Request,
  available: readonly ContentEncoding[],
): ContentEncoding | 'identity' {
  const chosen = new Negotiator(req).encoding([...available, 'identity'], {
    preferred: [...contentEncodings],
  });
  return chosen === 'br' || chosen === 'gzip' ? chosen : 'identity';
}
