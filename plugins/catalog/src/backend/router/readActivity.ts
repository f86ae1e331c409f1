import type { RequestHandler } from 'express';

export interface ReadActivity {
  /** Counts the catalog's read requests (mount before the routers). */
  middleware: RequestHandler;
  /** True while a read is in flight, or one ended less than `quietMs` ago. */
  active(): boolean;
}

/**
 * Tells the processing engine when the API is being read, so that background work yields to
 * readers (ADR 0020). Reads are GET requests and the `POST …/by-query` form of the entity query.
 */
export function createReadActivity(options: { quietMs?: number } = {}): ReadActivity {
  const quietMs = options.quietMs ?? 500;
  let inFlight = 0;
  let lastEndedAt = -Infinity;
  return {
    middleware(req, res, next) {
      // Monitoring (`/status`, polled by dashboards and the bench) is not a reader to make way for.
      const isRead =
        (req.method === 'GET' && req.path !== '/status') ||
        (req.method === 'POST' && req.path.endsWith('/by-query'));
      if (!isRead) return next();
      inFlight++;
      res.once('close', () => {
        inFlight--;
        lastEndedAt = performance.now();
      });
      next();
    },
    active: () => inFlight > 0 || performance.now() - lastEndedAt < quietMs,
  };
}
