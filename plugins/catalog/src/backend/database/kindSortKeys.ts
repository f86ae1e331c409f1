/**
 * The keys a page of one kind can be sorted by through the kind walk: the portal's sortable
 * columns and Backstage's usual `orderField`s. Sorting by any other key still works, through the
 * `(key, value, entity_id)` index. Changing this list needs a new migration that rebuilds the
 * index with the same predicate.
 */
export const kindSortKeys: readonly string[] = [
  'metadata.name',
  'metadata.title',
  'metadata.namespace',
  'metadata.description',
  'metadata.tags',
  'spec.type',
  'spec.lifecycle',
  'spec.owner',
  'relations.ownedby',
  'spec.system',
  'spec.domain',
  'spec.profile.email',
  'spec.profile.displayname',
  'spec.target',
];

/** The keys as an SQL list, for the index predicate and the queries that must match it. */
export function keyList(): string {
  return kindSortKeys.map(key => `'${key}'`).join(', ');
}
