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

/** Results grouped by type in `typeOrder`, each group keeping the server's ranking. */
export function groupResults(results: readonly SearchResult[]): ResultGroup[] {
  return typeOrder
    .map(type => ({
      type,
      label: typeLabels[type],
      results: results.filter(result => result.type === type),
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
