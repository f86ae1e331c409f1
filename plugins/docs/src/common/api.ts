import { z } from 'zod';

/**
 * The docs API (`/api/docs`), shared by the backend, the portal's pages and the search plugin.
 * A site is keyed by the entity whose `backstage.io/techdocs-ref` it comes from; paths inside a
 * site are MkDocs' directory URLs (`''` for the home page, `guides/setup/`).
 */

export interface DocsNavNode {
  title: string;
  /** The page's address inside the site (a section's index page, on a section). */
  urlPath?: string;
  /** An external link. */
  url?: string;
  children?: DocsNavNode[];
}

export const docsNavNodeSchema: z.ZodType<DocsNavNode> = z.lazy(() =>
  z.object({
    title: z.string(),
    urlPath: z.string().optional(),
    url: z.string().optional(),
    children: z.array(docsNavNodeSchema).optional(),
  }),
);

/**
 * `none`: the entity has no docs annotation; `pending`: never built yet (a build is queued);
 * `building`; `ready`; `failed`: the last build failed and nothing was ever built (once a site
 * was built, a failed build keeps serving it as `ready`, with the failure among its problems).
 */
export const docsStatusSchema = z.enum(['none', 'pending', 'building', 'ready', 'failed']);

export const docsSiteSchema = z.object({
  entityRef: z.string(),
  /** `site_name`, else the entity's title or name. */
  title: z.string(),
  description: z.string().optional(),
  status: docsStatusSchema,
  nav: z.array(docsNavNodeSchema),
  /** What the site's authors should fix: mkdocs.yml errors, missing pages, broken links. */
  problems: z.array(z.string()),
  /** The commit (or version) the served site was built from, and when. */
  commit: z.string().optional(),
  builtAt: z.string().optional(),
  /** When the commit was made, where the repository says. */
  committedAt: z.string().optional(),
  /** Where the docs are read from (a repository folder URL or a config folder). */
  source: z.string().optional(),
  /** Set when the entity shows another entity's docs (`backstage.io/techdocs-entity`). */
  docsEntityRef: z.string().optional(),
});

export const docsHeadingSchema = z.object({
  level: z.number().int(),
  id: z.string(),
  text: z.string(),
});

export const docsPageLinkSchema = z.object({ title: z.string(), urlPath: z.string() });

export const docsPageSchema = z.object({
  entityRef: z.string(),
  urlPath: z.string(),
  /** The Markdown file inside the docs folder. */
  path: z.string(),
  title: z.string(),
  /** Sanitized HTML: links already point at the portal's pages and the docs API's files. */
  html: z.string(),
  headings: z.array(docsHeadingSchema),
  editUrl: z.string().optional(),
  previous: docsPageLinkSchema.optional(),
  next: docsPageLinkSchema.optional(),
  /** The sections of the nav above this page, outermost first. */
  breadcrumbs: z.array(z.object({ title: z.string(), urlPath: z.string().optional() })),
  commit: z.string().optional(),
  committedAt: z.string().optional(),
});

export const docsSiteSummarySchema = z.object({
  entityRef: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  /** The entity's title, else its name. */
  entityTitle: z.string(),
  siteTitle: z.string(),
  owner: z.string().optional(),
  status: docsStatusSchema,
  builtAt: z.string().optional(),
  committedAt: z.string().optional(),
  problemCount: z.number().int(),
});

export const docsSiteListSchema = z.object({ items: z.array(docsSiteSummarySchema) });

/** One searchable part of a page (the text under one heading), for the search plugin. */
export const docsSearchDocumentSchema = z.object({
  entityRef: z.string(),
  siteTitle: z.string(),
  pageTitle: z.string(),
  urlPath: z.string(),
  /** The heading's anchor; `''` for the text before the first heading. */
  anchor: z.string(),
  sectionTitle: z.string(),
  text: z.string(),
  /** `/docs/:namespace/:kind/:name/<urlPath>#<anchor>`. */
  location: z.string(),
});

export const docsSearchPageSchema = z.object({
  items: z.array(docsSearchDocumentSchema),
  /** Pass back as `cursor` for the next page; absent on the last one. */
  nextCursor: z.string().optional(),
});

export type DocsStatus = z.infer<typeof docsStatusSchema>;
export type DocsSite = z.infer<typeof docsSiteSchema>;
export type DocsHeading = z.infer<typeof docsHeadingSchema>;
export type DocsPage = z.infer<typeof docsPageSchema>;
export type DocsSiteSummary = z.infer<typeof docsSiteSummarySchema>;
export type DocsSearchDocument = z.infer<typeof docsSearchDocumentSchema>;

/** Routes under `/api/docs`. */
export const docsRoutes = {
  /** GET: every documented entity (`?kind=&owner=&q=`). */
  sites: '/sites',
  /** GET: the site of an entity (its status, nav and problems). */
  site: '/sites/:namespace/:kind/:name',
  /** GET `?path=<urlPath>`: one page. 404 when the site has no such page. */
  page: '/sites/:namespace/:kind/:name/page',
  /** GET: a file of the docs folder (images, downloads), with its content type. */
  file: '/sites/:namespace/:kind/:name/files/*path',
  /** POST: build the site now (first view of a site never built; a refresh). */
  build: '/sites/:namespace/:kind/:name/build',
  /** GET `?cursor=`: every page section of every site, for the search index. */
  searchDocuments: '/search-documents',
} as const;

export const docsPluginId = 'docs';
