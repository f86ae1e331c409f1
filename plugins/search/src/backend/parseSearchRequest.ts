import { InputError } from '@callboard/plugin-api/common';
import {
  defaultPageLimit,
  searchDocumentTypes,
  searchFilterFields,
  searchQuerySchema,
  type SearchQuery,
} from '../common';

/**
 * Reads Backstage's query string from the raw URL, whatever the client's array style:
 * `types=a&types=b`, `types[]=a`, `types[0]=a`; `filters[kind]=x`, `filters[lifecycle][]=x`,
 * `filters[lifecycle][0]=x`. Unknown types and filter fields are refused with their names.
 */
export function parseSearchRequest(originalUrl: string): SearchQuery {
  const params = new URL(originalUrl, 'http://localhost').searchParams;
  const types: string[] = [];
  const filters: Record<string, string[]> = {};
  let term = '';
  let pageCursor: string | undefined;
  let pageLimit = defaultPageLimit;
  for (const [key, value] of params) {
    if (key === 'term') term = value;
    else if (key === 'pageCursor') pageCursor = value || undefined;
    else if (key === 'pageLimit') {
      pageLimit = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
      if (Number.isNaN(pageLimit)) throw new InputError('pageLimit must be a whole number');
    } else if (/^types(\[\d*\])?$/.test(key)) types.push(value);
    else {
      const filter = /^filters\[([^\]]*)\](\[\d*\])?$/.exec(key);
      if (filter) {
        const field = filter[1] ?? '';
        (filters[field] ??= []).push(value);
      }
    }
  }
  const unknownTypes = types.filter(
    type => !(searchDocumentTypes as readonly string[]).includes(type),
  );
  if (unknownTypes.length > 0) {
    throw new InputError(
      `unknown type ${unknownTypes.join(', ')}; known types: ${searchDocumentTypes.join(', ')}`,
    );
  }
  const unknownFilters = Object.keys(filters).filter(
    field => !(searchFilterFields as readonly string[]).includes(field),
  );
  if (unknownFilters.length > 0) {
    throw new InputError(
      `unknown filter ${unknownFilters.join(', ')}; known filters: ${searchFilterFields.join(', ')}`,
    );
  }
  // PostgreSQL text cannot hold NUL; it means nothing in a search term.
  const parsed = searchQuerySchema.safeParse({
    term: term.replaceAll('\0', ' '),
    types,
    filters,
    pageCursor,
    pageLimit,
  });
  if (!parsed.success) {
    throw new InputError(parsed.error.issues.map(issue => issue.message).join('; '));
  }
  return parsed.data;
}
