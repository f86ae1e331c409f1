import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import express, { type Router } from 'express';

/**
 * Serves the built frontend: hashed assets cached for a year, everything else revalidated, and
 * any other page path answered with index.html so client-side routes survive a reload. Missing
 * files with an extension stay 404s (a broken asset link must not get the HTML shell).
 */
export function serveApp(distDir: string): Router {
  const router = express.Router();
  const indexPath = join(distDir, 'index.html');
  if (!existsSync(indexPath)) {
    router.use((req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      res
        .status(503)
        .type('text/plain')
        .send(
          `The Callboard frontend is not built (no ${indexPath}). Run "npm run build", or "npm start" which builds it.\n`,
        );
    });
    return router;
  }
  router.use(
    '/assets',
    express.static(join(distDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      fallthrough: false,
      index: false,
    }),
  );
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  const indexHtml = readFileSync(indexPath);
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || extname(req.path) !== '') {
      return next();
    }
    res.status(200).type('html').setHeader('cache-control', 'no-cache').send(indexHtml);
  });
  return router;
}
