import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import express, { type Router } from 'express';
import { appTitleMetaName } from '@callboard/plugin-api/common';
import { scanBuiltFiles, serveBuiltFiles } from './builtFiles';
import { negotiateEncoding, type ContentEncoding } from './contentEncoding';

/** Vite names everything under /assets/ by a hash of its content: a new build, new names. */
export const immutableCacheControl = 'public, max-age=31536000, immutable';
/** Everything else may change with a build or a restart: revalidate (cheap with the ETag). */
export const revalidateCacheControl = 'no-cache';

/**
 * Serves the built frontend (ADR 0021): precompressed brotli/gzip variants by Accept-Encoding,
 * hashed assets cached for a year, everything else revalidated, and any other page path answered
 * with index.html so client-side routes survive a reload. A path with a file extension gets the
 * shell only when a browser navigates to it (its Accept header asks for HTML:
 * `/docs/guide/README.md`); a missing script or image stays a 404, so a broken asset link never
 * receives HTML.
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
    serveBuiltFiles(scanBuiltFiles(distDir), urlPath =>
      urlPath.startsWith('/assets/') ? immutableCacheControl : revalidateCacheControl,
    ),
  );
  const indexHtml = compressedVariants(
    Buffer.from(withAppTitle(readFileSync(indexPath, 'utf8'), options.title)),
  );
  router.use((req, res, next) => {
    // A missing asset is a 404 even for a browser that navigates to it: never the page.
    const isPageRequest =
      !req.path.startsWith('/assets/') &&
      (extname(req.path) === '' || (req.headers.accept ?? '').includes('text/html'));
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isPageRequest) {
      return next();
    }
    const encoding = negotiateEncoding(req, ['br', 'gzip']);
    res.vary('Accept-Encoding');
    if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
    // Express adds Content-Length and an ETag of these bytes, and answers If-None-Match with 304.
    res.status(200).type('html').setHeader('Cache-Control', revalidateCacheControl);
    res.send(indexHtml[encoding]);
  });
  return router;
}

/** The page rewritten once at start-up, in every encoding we send. */
function compressedVariants(content: Buffer): Record<ContentEncoding | 'identity', Buffer> {
  return {
    identity: content,
    br: brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip: gzipSync(content, { level: 9 }),
  };
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
