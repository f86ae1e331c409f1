import { readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { RequestHandler } from 'express';
import { negotiateEncoding, type ContentEncoding } from './contentEncoding';

/** One file of the build, with the compressed copies the build wrote beside it. */
export interface BuiltFile {
  /** Absolute. */
  path: string;
  variants: Partial<Record<ContentEncoding, string>>;
}

const variantSuffixes: Record<ContentEncoding, string> = { br: '.br', gzip: '.gz' };

/**
 * Every file under `distDir` by its URL path (`/assets/index-abc.js`), found once at start-up.
 * `x.br` and `x.gz` are variants of `x`, never files of their own; dotfiles (the build record)
 * and `index.html` (served rewritten, see serveApp) are left out.
 */
export function scanBuiltFiles(distDir: string): Map<string, BuiltFile> {
  const names = readdirSync(distDir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => relative(distDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter(name => !name.split('/').some(part => part.startsWith('.')));
  const present = new Set(names);
  const files = new Map<string, BuiltFile>();
  for (const name of names) {
    if (name === 'index.html' || /\.(br|gz)$/.test(name)) continue;
    const variants: BuiltFile['variants'] = {};
    for (const [encoding, suffix] of Object.entries(variantSuffixes) as Array<
      [ContentEncoding, string]
    >) {
      if (present.has(`${name}${suffix}`)) variants[encoding] = join(distDir, `${name}${suffix}`);
    }
    files.set(`/${name}`, { path: join(distDir, name), variants });
  }
  return files;
}

/**
 * Serves the scanned files: the smallest variant the client accepts with `Content-Encoding`,
 * `Vary: Accept-Encoding` on every answer (a cache must not hand brotli to a client that did not
 * ask for it), the Content-Type of the original file, and `cacheControl(urlPath)`. `send` (under
 * `res.sendFile`) sets Content-Length, a per-variant ETag and Last-Modified, and answers
 * conditional requests with 304 and ranges with 206. Paths it does not know go on to `next`.
 */
export function serveBuiltFiles(
  files: Map<string, BuiltFile>,
  cacheControl: (urlPath: string) => string,
): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = files.get(urlPath);
    if (!file) return next();
    const encoding = negotiateEncoding(req, Object.keys(file.variants) as ContentEncoding[]);
    const sent = encoding === 'identity' ? file.path : file.variants[encoding]!;
    res.vary('Accept-Encoding');
    // The type of the file asked for, not of the `.br` sent.
    res.type(extname(file.path));
    const headers: Record<string, string> = { 'Cache-Control': cacheControl(urlPath) };
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
    res.sendFile(sent, { headers, cacheControl: false, dotfiles: 'allow' }, error => {
      // An aborted download: nothing left to answer.
      if (!error || res.headersSent) return;
      // Removed since start-up (a rebuild under a running server): as if it never existed.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        res.removeHeader('Content-Type');
        return next();
      }
      next(error);
    });
  };
}
