import compression from 'compression';
import type { RequestHandler } from 'express';

/**
 * Compresses API answers the client accepts compressed (brotli at quality 4 or gzip, from 1 KiB:
 * entity lists and pages of the catalog shrink five- to tenfold). Server-sent events are left
 * alone: a compressor holds bytes back until its buffer fills, and a task's log must reach the
 * browser line by line. Whatever says `Cache-Control: no-transform`, or is not a compressible
 * type (git packs are compressed already), is sent as it is.
 */
export function compressApiResponses(): RequestHandler {
  return compression({
    filter: (req, res) => {
      const type = String(res.getHeader('Content-Type') ?? '');
      if (/^text\/event-stream/i.test(type)) return false;
      return compression.filter(req, res);
    },
  });
}
