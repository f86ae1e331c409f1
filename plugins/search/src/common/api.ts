import { z } from 'zod';

/** The document types the index holds (Backstage's names, so existing clients carry over). */
export const searchDocumentTypes = ['software-catalog', 'techdocs', 'templates'] as const;
export type SearchDocumentType = (typeof searchDocumentTypes)[number];

/** The fields `filters[...]` may name: field equality, an array meaning any of. */
export const searchFilterFields = ['kind', 'lifecycle', 'owner', 'type', 'namespace'] as const;
export type SearchFilterField = (typeof searchFilterFields)[number];

/** Page size bounds: Backstage's default of 25, capped so one request stays cheap. */
export const defaultPageLimit = 25;
export const maxPageLimit = 100;
/** Longer terms are refused with a 400 rather than parsed (a 10 kB term is never a real query). */
export const maxTermLength = 1_000;

export const searchQuerySchema = z.object({
  term: z.string().max(maxTermLength, `term must be at most ${maxTermLength} characters`),
  types: z.array(z.enum(searchDocumentTypes)),
  filters: z.partialRecord(z.enum(searchFilterFields), z.array(z.string())),
  pageCursor: z.string().optional(),
  pageLimit: z.number().int().min(1).max(maxPageLimit),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const searchResultDocumentSchema = z
  .object({
    title: z.string(),
    text: z.string(),
    location: z.string(),
    kind: z.string().optional(),
    namespace: z.string().optional(),
    name: z.string().optional(),
    lifecycle: z.string().optional(),
    owner: z.string().optional(),
    type: z.string().optional(),
  })
  .catchall(z.unknown());

export const searchResultSchema = z.object({
  type: z.enum(searchDocumentTypes),
  document: searchResultDocumentSchema,
  highlight: z.object({
    preTag: z.string(),
    postTag: z.string(),
    fields: z.object({ title: z.string(), text: z.string() }),
  }),
  rank: z.number(),
});

export const searchResultSetSchema = z.object({
  results: z.array(searchResultSchema),
  nextPageCursor: z.string().optional(),
  previousPageCursor: z.string().optional(),
  numberOfResults: z.number().int(),
});

export type SearchResult = z.infer<typeof searchResultSchema>;
export type SearchResultSet = z.infer<typeof searchResultSetSchema>;

/**
 * One section of a docs page as the docs plugin hands it over; the same shape as the docs
 * plugin's `docsSearchDocumentSchema`, restated here so search does not depend on docs.
 */
export const docsSearchDocumentSchema = z.object({
  entityRef: z.string(),
  siteTitle: z.string(),
  pageTitle: z.string(),
  urlPath: z.string(),
  anchor: z.string(),
  sectionTitle: z.string(),
  text: z.string(),
  location: z.string(),
});
export type DocsSearchDocument = z.infer<typeof docsSearchDocumentSchema>;

/** Routes under `/api/search`. */
export const searchRoutes = {
  /** GET: Backstage's query API. */
  query: '/query',
  /** POST: rebuild the whole index (recovery). */
  rebuild: '/rebuild',
} as const;
