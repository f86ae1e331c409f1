import type { Router } from 'express';
import { z } from 'zod';
import type { Entity } from '@callboard/catalog-model';
import { parseParams, parseQuery, type RepositoryReader } from '@callboard/plugin-api/backend';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import {
  docsRoutes,
  type DocsNavNode,
  type DocsPage,
  type DocsSearchDocument,
  type DocsSite,
  type DocsSiteSummary,
  type DocsStatus,
} from '../../common';
import type { DocsStore, SiteRow } from '../database/docsStore';
import { normalizeSitePath } from '../site/sitePaths';
import { docsSourceOf, parseSource } from '../source/docsSource';

export interface DocsRouterOptions {
  router: Router;
  store: DocsStore;
  catalog: { getEntityByRef(ref: string): Promise<Entity | undefined> };
  reader: Pick<RepositoryReader, 'resolveTarget'>;
  /** Asks for a build of these sites now (wakes the builders of every replica). */
  requestBuild(entityRefs: string[]): Promise<void>;
}

const segment = z.string().min(1).max(253);
const siteParamsSchema = z.object({ namespace: segment, kind: segment, name: segment });
const pageQuerySchema = z.object({ path: z.string().max(2048).optional() });
const fileParamsSchema = siteParamsSchema.extend({
  path: z.union([z.string(), z.array(z.string())]),
});
const sitesQuerySchema = z.object({
  kind: z.string().max(253).optional(),
  owner: z.string().max(253).optional(),
  q: z.string().max(200).optional(),
});
const searchQuerySchema = z.object({
  cursor: z.string().max(4096).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const searchCursorSchema = z.object({ e: z.string(), u: z.string() });

const refOf = (params: z.infer<typeof siteParamsSchema>) =>
  `${params.kind}:${params.namespace}/${params.name}`.toLowerCase();

const iso = (value: Date | string | null) =>
  value === null ? undefined : new Date(value).toISOString();

/** Only URLs are shown as a site's source: a config folder is a path on the server. */
function shownSource(source: string | null): string | undefined {
  const location = source ? parseSource(source) : undefined;
  return location?.type === 'url' ? location.target : undefined;
}

/** The status as the portal sees it: a site asked for and not looked at yet is pending. */
function statusOf(row: SiteRow): DocsStatus {
  if (row.status === 'none' && row.build_requested_at !== null) return 'pending';
  return row.status;
}

/** A page's address inside its site, as stored: `''` or `a/b/`. */
function urlPathOf(path: string | undefined): string {
  const normalized = normalizeSitePath(path ?? '');
  if (normalized === undefined) throw new NotFoundError('No such page');
  return normalized === '' ? '' : `${normalized}/`;
}

/** The sections of the nav above a page, outermost first. */
function breadcrumbsOf(
  nav: readonly DocsNavNode[],
  urlPath: string,
  above: DocsNavNode[] = [],
): DocsNavNode[] | undefined {
  for (const node of nav) {
    if (node.urlPath === urlPath) return above;
    if (node.children) {
      const found = breadcrumbsOf(node.children, urlPath, [...above, node]);
      if (found) return found;
    }
  }
  return undefined;
}

function encodeCursor(value: z.infer<typeof searchCursorSchema>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor(cursor: string): z.infer<typeof searchCursorSchema> {
  try {
    return searchCursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InputError('Invalid request query: cursor is not one this API gave out');
  }
}

/** Types a browser renders as a document (and so could run scripts in) are served sandboxed. */
const inertTypes =
  /^(image\/(png|jpeg|gif|webp|avif|bmp|x-icon)|application\/pdf|video\/|audio\/|font\/)/;

/** The routes of `common/api.ts` on the plugin's router. */
export function createDocsRouter(options: DocsRouterOptions): void {
  const { router, store, catalog } = options;

  /**
   * The row an entity's site is served from, following `backstage.io/techdocs-entity`. A site
   * never built (or never heard of) is looked up in the catalog and queued.
   */
  async function siteFor(
    entityRef: string,
  ): Promise<{ row: SiteRow; served: SiteRow; entityRef: string }> {
    let row = await store.getSite(entityRef);
    if (!row || (row.status === 'none' && row.build_requested_at === null)) {
      const entity = await catalog.getEntityByRef(entityRef);
      if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
      const source = docsSourceOf(entity, options.reader);
      if (source.kind === 'none') {
        const none = emptyRow(entityRef);
        return { row: none, served: none, entityRef };
      }
      await options.requestBuild([entityRef]);
      row = (await store.getSite(entityRef)) ?? emptyRow(entityRef);
    }
    if (row.docs_entity_ref) {
      const served = await store.getSite(row.docs_entity_ref);
      if (!served) await options.requestBuild([row.docs_entity_ref]);
      return {
        row,
        served: served ?? { ...emptyRow(row.docs_entity_ref), status: 'pending' },
        entityRef,
      };
    }
    return { row, served: row, entityRef };
  }

  function siteView({ row, served, entityRef }: Awaited<ReturnType<typeof siteFor>>): DocsSite {
    const site: DocsSite = {
      entityRef,
      title: served.site?.title ?? row.entity_title ?? row.name ?? entityRef,
      status: statusOf(served),
      nav: served.site?.nav ?? [],
      problems: [...(row !== served ? row.problems : []), ...served.problems],
    };
    if (served.site?.description) site.description = served.site.description;
    if (served.commit) site.commit = served.commit;
    const builtAt = iso(served.built_at);
    if (builtAt) site.builtAt = builtAt;
    const committedAt = iso(served.committed_at);
    if (committedAt) site.committedAt = committedAt;
    const source = shownSource(served.source);
    if (source) site.source = source;
    if (row.docs_entity_ref) site.docsEntityRef = row.docs_entity_ref;
    return site;
  }

  router.get(docsRoutes.sites, async (req, res) => {
    const query = parseQuery(req, sitesQuerySchema);
    const rows = await store.listSites(query);
    const items: DocsSiteSummary[] = rows.map(row => {
      const summary: DocsSiteSummary = {
        entityRef: row.entity_ref,
        kind: row.kind ?? '',
        namespace: row.namespace ?? '',
        name: row.name ?? '',
        entityTitle: row.entity_title ?? row.name ?? row.entity_ref,
        siteTitle: row.site?.title ?? row.entity_title ?? row.name ?? row.entity_ref,
        status: statusOf(row),
        problemCount: row.problems.length,
      };
      if (row.owner) summary.owner = row.owner;
      const builtAt = iso(row.built_at);
      if (builtAt) summary.builtAt = builtAt;
      const committedAt = iso(row.committed_at);
      if (committedAt) summary.committedAt = committedAt;
      return summary;
    });
    res.json({ items });
  });

  router.get(docsRoutes.site, async (req, res) => {
    const params = parseParams(req, siteParamsSchema);
    res.json(siteView(await siteFor(refOf(params))));
  });

  router.post(docsRoutes.build, async (req, res) => {
    const params = parseParams(req, siteParamsSchema);
    const entityRef = refOf(params);
    const entity = await catalog.getEntityByRef(entityRef);
    if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
    await options.requestBuild([entityRef]);
    res.status(202).json(siteView(await siteFor(entityRef)));
  });

  router.get(docsRoutes.page, async (req, res) => {
    const params = parseParams(req, siteParamsSchema);
    const { path } = parseQuery(req, pageQuerySchema);
    const found = await siteFor(refOf(params));
    const urlPath = urlPathOf(path);
    const page = await store.getPage(found.served.entity_ref, urlPath);
    if (!page) throw new NotFoundError(`The site has no page ${JSON.stringify(urlPath)}`);
    const neighbours =
      page.position === null ? {} : await store.neighbours(page.entity_ref, page.position);
    const crumbs = breadcrumbsOf(found.served.site?.nav ?? [], urlPath) ?? [];
    const body: DocsPage = {
      entityRef: found.entityRef,
      urlPath: page.url_path,
      path: page.path,
      title: page.title,
      html: page.html,
      headings: page.headings,
      breadcrumbs: crumbs.map(node => ({
        title: node.title,
        ...(node.urlPath !== undefined ? { urlPath: node.urlPath } : {}),
      })),
    };
    if (page.edit_url) body.editUrl = page.edit_url;
    if (neighbours.previous)
      body.previous = { title: neighbours.previous.title, urlPath: neighbours.previous.url_path };
    if (neighbours.next)
      body.next = { title: neighbours.next.title, urlPath: neighbours.next.url_path };
    if (found.served.commit) body.commit = found.served.commit;
    const committedAt = iso(found.served.committed_at);
    if (committedAt) body.committedAt = committedAt;
    res.json(body);
  });

  router.get(docsRoutes.file, async (req, res) => {
    const params = parseParams(req, fileParamsSchema);
    const raw = Array.isArray(params.path) ? params.path.join('/') : params.path;
    const path = normalizeSitePath(raw);
    if (path === undefined || path === '') throw new NotFoundError('No such file');
    const found = await siteFor(refOf(params));
    const file = await store.getFile(found.served.entity_ref, path);
    if (!file) throw new NotFoundError('No such file');
    res.setHeader('Content-Type', file.content_type);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // An SVG (or any type a browser would render as a document) must never run its scripts.
    if (!inertTypes.test(file.content_type)) {
      res.setHeader(
        'Content-Security-Policy',
        "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
      );
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.end(file.bytes);
  });

  router.get(docsRoutes.searchDocuments, async (req, res) => {
    const query = parseQuery(req, searchQuerySchema);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const limit = query.limit ?? 100;
    const rows = await store.pagesAfter(after && { entityRef: after.e, urlPath: after.u }, limit);
    const items: DocsSearchDocument[] = rows.flatMap(page =>
      page.sections.map(section => ({
        entityRef: page.entity_ref,
        siteTitle: page.site_title ?? page.name ?? page.entity_ref,
        pageTitle: page.title,
        urlPath: page.url_path,
        anchor: section.id,
        sectionTitle: section.title || page.title,
        text: section.text,
        location: `/docs/${[page.namespace, page.kind, page.name].map(part => encodeURIComponent(part ?? '')).join('/')}/${page.url_path}${section.id ? `#${section.id}` : ''}`,
      })),
    );
    const last = rows.at(-1);
    res.json({
      items,
      ...(rows.length === limit && last
        ? { nextCursor: encodeCursor({ e: last.entity_ref, u: last.url_path }) }
        : {}),
    });
  });
}

function emptyRow(entityRef: string): SiteRow {
  return {
    entity_ref: entityRef,
    kind: null,
    namespace: null,
    name: null,
    entity_title: null,
    owner: null,
    docs_entity_ref: null,
    status: 'none',
    source: null,
    site: null,
    problems: [],
    commit: null,
    committed_at: null,
    built_at: null,
    attempted_source: null,
    attempted_commit: null,
    build_requested_at: null,
    build_forced: false,
    build_requests: 0,
    lease_owner: null,
    lease_expires_at: null,
  };
}
