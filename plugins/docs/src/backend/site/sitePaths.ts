import { posix } from 'node:path';

/**
 * A path inside a site, normalised (`./a//b/../c` → `a/c`, no leading or trailing slash), or
 * `undefined` when it is absolute, leaves its root (`../`), or holds a NUL or a backslash (a
 * Windows separator would let `..\\` through). `''` is the root itself.
 */
export function normalizeSitePath(path: string): string | undefined {
  if (path.includes('\0') || path.includes('\\') || path.startsWith('/')) return undefined;
  const normalized = posix.normalize(path.trim() || '.').replace(/(.)\/+$/, '$1');
  if (normalized === '..' || normalized.startsWith('../')) return undefined;
  return normalized === '.' ? '' : normalized;
}

/** `a/b` inside `a`, given both normalised. */
export function joinSitePath(folder: string, path: string): string | undefined {
  return normalizeSitePath(folder ? `${folder}/${path}` : path);
}

/**
 * The address of a page under the site's root, as MkDocs lays pages out with directory URLs:
 * `index.md` → ``, `guide.md` → `guide/`, `ops/index.md` and `ops/README.md` → `ops/`.
 */
export function pageUrlPath(path: string): string {
  const withoutExtension = path.replace(/\.md$/i, '');
  const folder = /(^|\/)(index|readme)$/i.exec(withoutExtension);
  if (folder) return withoutExtension.slice(0, folder.index + folder[1]!.length);
  return `${withoutExtension}/`;
}

/**
 * MkDocs' title for a page named by its file only: `getting-started.md` → `Getting started`
 * (capitalised only when all lower case, as MkDocs does); an index page takes its folder's name,
 * the site's own index is `Home`.
 */
export function titleFromFileName(path: string): string {
  const base = posix.basename(path).replace(/\.md$/i, '');
  const folder = posix.dirname(path);
  if (/^(index|readme)$/i.test(base) && (folder === '.' || folder === '')) return 'Home';
  const name = /^(index|readme)$/i.test(base) ? posix.basename(folder) : base;
  const spaced = name.replace(/[-_]+/g, ' ').trim();
  return spaced === spaced.toLowerCase()
    ? spaced.charAt(0).toUpperCase() + spaced.slice(1)
    : spaced;
}
