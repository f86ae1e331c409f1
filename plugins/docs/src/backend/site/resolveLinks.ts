import { posix } from 'node:path';
import type { RewriteUrl } from '../rendering/sanitizeDocsHtml';
import { normalizeSitePath, pageUrlPath } from './sitePaths';

export interface LinkContext {
  /** The page being rendered, inside the docs folder. */
  pagePath: string;
  /** Every Markdown page of the site. */
  pages: ReadonlySet<string>;
  /** Every other file of the docs folder (images, downloads). */
  files: ReadonlySet<string>;
  /** The portal's path of the site: `/docs/default/component/inventory`. */
  siteBase: string;
  /** Where the docs API serves the site's files: `/api/docs/…/files`. */
  filesBase: string;
  /** Links that lead nowhere, in words (collected for the site's problems). */
  problems: string[];
}

const hasScheme = (url: string) => /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * Resolves the links and images of one page the way MkDocs does: a relative link to a `.md` page
 * (with its anchor) becomes the portal's page, a folder link its index page, a file of the docs
 * folder the docs API's address for it. External and anchor-only links stay. A target outside
 * the docs folder or missing from it is a problem; the link keeps its text but loses its target.
 */
export function createLinkResolver(context: LinkContext): RewriteUrl {
  const folder = posix.dirname(context.pagePath) === '.' ? '' : posix.dirname(context.pagePath);
  return (url, kind) => {
    if (url.startsWith('#') || hasScheme(url)) return url;
    const [rawPath = '', ...anchorParts] = url.split('#');
    const anchor = anchorParts.length ? `#${anchorParts.join('#')}` : '';
    let decoded: string;
    try {
      decoded = decodeURI(rawPath.split('?')[0]!);
    } catch {
      decoded = rawPath;
    }
    const joined = decoded.startsWith('/')
      ? normalizeSitePath(decoded.slice(1))
      : normalizeSitePath(folder ? `${folder}/${decoded}` : decoded);
    if (joined === undefined) {
      context.problems.push(`${context.pagePath} links to ${url}, outside the docs folder`);
      return undefined;
    }
    const page = pageFor(joined, context.pages);
    if (kind === 'link' && page !== undefined)
      return `${context.siteBase}/${encodePath(pageUrlPath(page))}${anchor}`;
    if (context.files.has(joined)) return `${context.filesBase}/${encodePath(joined)}`;
    context.problems.push(`${context.pagePath} links to ${url}, which is not in the docs folder`);
    return undefined;
  };
}

/** The page a link means: `guide.md`, `guide/` or `guide` (a folder: its index page). */
function pageFor(path: string, pages: ReadonlySet<string>): string | undefined {
  if (/\.md$/i.test(path)) return pages.has(path) ? path : undefined;
  for (const candidate of [
    `${path}/index.md`,
    `${path}/README.md`,
    path ? undefined : 'index.md',
  ]) {
    if (candidate && pages.has(candidate.replace(/^\//, ''))) return candidate.replace(/^\//, '');
  }
  return undefined;
}
