import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import express, { type Router } from 'express';
import { appTitleMetaName } from '@callboard/plugin-api/common';

/**
 * Serves the built frontend: hashed assets cached for a year, everything else revalidated, and
 * any other page path answered with index.html so client-side routes survive a reload. A path
 * with a file extension gets the shell only when a browser navigates to it (its Accept header
 * asks for HTML: `/docs/guide/README.md`); a missing script or image stays a 404, so a broken
 * asset link never receives HTML.
 */
export function serveApp(distDir: string, options: { title?: string } = {}): Router {
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
  const indexHtml = withAppTitle(readFileSync(indexPath, 'utf8'), options.title);
  router.use((req, res, next) => {
    const isPageRequest =
      extname(req.path) === '' || (req.headers.accept ?? '').includes('text/html');
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isPageRequest) {
      return next();
    }
    res.status(200).type('html').setHeader('cache-control', 'no-cache').send(indexHtml);
  });
  return router;
}

/**
 * `app.title` into the page: the first paint's `<title>`, and a meta tag the frontend reads for
 * its header and page titles. Escaped: a title is text, whatever characters it has.
 */
export function withAppTitle(html: string, title: string | undefined): string {
  if (!title) return html;
  const escaped = escapeHtml(title);
  // Replacer functions: a replacement string would read `$&` or `$'` in a title as patterns.
  return html
    .replace(/<title>[^<]*<\/title>/, () => `<title>${escaped}</title>`)
    .replace(
      '</head>',
      () => `<meta name="${appTitleMetaName}" content="${escaped}" />\n  </head>`,
    );
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    character =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );
}
