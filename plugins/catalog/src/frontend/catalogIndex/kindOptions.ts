import type { EntityFacet } from '../../common';
import { allKinds, knownKindViews } from './catalogViews';

export interface KindOption {
  value: string;
  label: string;
  count?: number;
}

/**
 * The kinds to offer: the usual nine in their usual order, then any other kind the catalog holds
 * (a company's own `kind: Pipeline`), then all kinds at once. Counts come from the kind facet,
 * whose values keep the YAML's casing, so `api` and `API` are added up.
 */
export function kindOptions(facet: EntityFacet[] | undefined): KindOption[] {
  const counts = new Map<string, { label: string; count: number }>();
  for (const { value, count } of facet ?? []) {
    const key = value.toLowerCase();
    const entry = counts.get(key) ?? { label: value, count: 0 };
    entry.count += count;
    counts.set(key, entry);
  }
  const options: KindOption[] = knownKindViews.map(view => ({
    value: view.value,
    label: view.label,
    count: facet ? (counts.get(view.value)?.count ?? 0) : undefined,
  }));
  for (const [value, entry] of counts) {
    if (!options.some(option => option.value === value)) {
      options.push({ value, label: entry.label, count: entry.count });
    }
  }
  const total = facet?.reduce((sum, item) => sum + item.count, 0);
  options.push({ value: allKinds, label: 'All kinds', count: total });
  return options;
}
