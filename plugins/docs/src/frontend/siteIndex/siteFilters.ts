import type { DocsSiteSummary } from '../../common';

export interface SiteFilters {
  text: string;
  kind: string;
  owner: string;
}

/** The filters in the address (`?q=&kind=&owner=`), so a filtered list can be shared. */
export function filtersFromSearch(search: URLSearchParams): SiteFilters {
  return {
    text: search.get('q') ?? '',
    kind: search.get('kind') ?? '',
    owner: search.get('owner') ?? '',
  };
}

export function searchFromFilters(filters: SiteFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.text) search.set('q', filters.text);
  if (filters.kind) search.set('kind', filters.kind);
  if (filters.owner) search.set('owner', filters.owner);
  return search;
}

/**
 * The sites that match: kind and owner exactly (kinds case-insensitively, as refs are), the text
 * as every word somewhere in the titles, the entity's name or its owner.
 */
export function filterSites(
  sites: readonly DocsSiteSummary[],
  filters: SiteFilters,
): DocsSiteSummary[] {
  const words = filters.text.toLocaleLowerCase('en-US').split(/\s+/).filter(Boolean);
  return sites.filter(site => {
    if (filters.kind && site.kind.toLowerCase() !== filters.kind.toLowerCase()) return false;
    if (filters.owner && site.owner !== filters.owner) return false;
    const haystack = [site.siteTitle, site.entityTitle, site.name, site.owner ?? '']
      .join('\n')
      .toLocaleLowerCase('en-US');
    return words.every(word => haystack.includes(word));
  });
}

/** The distinct values of a field, sorted, for a picker. */
export function distinctValues(sites: readonly DocsSiteSummary[], field: 'kind' | 'owner') {
  const values = new Set<string>();
  for (const site of sites) {
    const value = site[field];
    if (value) values.add(value);
  }
  return [...values].sort((a, b) => a.localeCompare(b));
}
