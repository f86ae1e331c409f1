import type { SearchDocumentType, SearchResult } from '../common';

/** What each document type is called where results are grouped or filtered by type. */
export const typeLabels: Record<SearchDocumentType, string> = {
  'software-catalog': 'Entities',
  techdocs: 'Documentation',
  templates: 'Templates',
};

/** The order groups appear in: entities first, as the header box used to show only those. */
export const typeOrder: readonly SearchDocumentType[] = [
  'software-catalog',
  'techdocs',
  'templates',
];

export interface ResultGroup {
  type: SearchDocumentType;
  label: string;
  results: SearchResult[];
}

/**
 * Results grouped by type in `typeOrder`, each group keeping the server's ranking. A Template
 * found as a template is not listed again among the entities: the same thing twice wastes a
 * line of a short list.
 */
export function groupResults(results: readonly SearchResult[]): ResultGroup[] {
  const templates = new Set(
    results
      .filter(result => result.type === 'templates')
      .map(result => `${result.document.namespace}/${result.document.name}`),
  );
  const shown = results.filter(
    result =>
      !(
        result.type === 'software-catalog' &&
        result.document.kind?.toLowerCase() === 'template' &&
        templates.has(`${result.document.namespace}/${result.document.name}`)
      ),
  );
  return typeOrder
    .map(type => ({
      type,
      label: typeLabels[type],
      results: shown.filter(result => result.type === type),
    }))
    .filter(group => group.results.length > 0);
}

/** A string field of a result's document that the contract leaves open (`siteTitle`, …). */
export function documentText(result: SearchResult, field: string): string | undefined {
  const value = result.document[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `/search?query=…`, the page that lists every result of a term. */
export function searchPagePath(term: string): string {
  return `/search?query=${encodeURIComponent(term)}`;
}
