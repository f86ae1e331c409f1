/**
 * Where the portal shows docs, and how a link inside a page maps onto the router. Kept free of
 * React and the DOM so that the rules are tested on their own.
 */

export interface SiteRef {
  namespace: string;
  kind: string;
  name: string;
}

/**
 * A page's address inside a site as the API spells it: MkDocs' directory URLs, `''` for the home
 * page and a trailing slash otherwise (`guides/setup/`), whether or not the URL the reader came by
 * had one.
 */
export function normalizeUrlPath(urlPath: string): string {
  const trimmed = urlPath.replace(/^\/+/, '');
  if (trimmed === '') return '';
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** `/docs/<namespace>/<kind, lower-case>/<name>`: Backstage's TechDocs route for a site. */
export function docsSiteBasePath(site: SiteRef): string {
  return `/docs/${encodeURIComponent(site.namespace)}/${encodeURIComponent(
    site.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(site.name)}`;
}

/** A page under `basePath` (the reader's route or an entity's Docs tab). */
export function docsPagePath(basePath: string, urlPath: string, anchor?: string): string {
  const page = normalizeUrlPath(urlPath);
  return `${basePath}/${page}${anchor ? `#${anchor}` : ''}`;
}

/** `kind:namespace/name` → its parts; undefined for anything else. */
export function siteRefOf(entityRef: string): SiteRef | undefined {
  const match = /^([^:/]+):([^/]+)\/(.+)$/.exec(entityRef);
  if (!match) return undefined;
  return { kind: match[1]!, namespace: match[2]!, name: match[3]! };
}

/**
 * Where a click on a link in a page should go inside the app, or undefined to leave it to the
 * browser (another origin, `mailto:`, a file from the docs API, a link opened in a new tab).
 * The server writes links between pages of a site as `/docs/<ns>/<kind>/<name>/<page>/#anchor`;
 * those of the site being read stay under `basePath`, so in an entity's Docs tab a relative link
 * stays in the tab.
 */
export function routerTarget(
  href: string,
  /** The page the link is on (absolute), against which a relative `href` resolves. */
  currentUrl: string,
  sites: readonly SiteRef[],
  basePath: string,
): string | undefined {
  let url: URL;
  try {
    url = new URL(href, currentUrl);
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(currentUrl).origin || url.pathname.startsWith('/api/'))
    return undefined;
  const rest = `${url.search}${url.hash}`;
  for (const site of sites) {
    const prefix = docsSiteBasePath(site);
    const path = url.pathname;
    if (path.toLowerCase() === prefix.toLowerCase()) return `${basePath}/${rest}`;
    if (path.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)) {
      return `${basePath}${path.slice(prefix.length)}${rest}`;
    }
  }
  return `${url.pathname}${rest}`;
}
