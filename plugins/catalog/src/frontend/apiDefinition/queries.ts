import { queryOptions } from '@tanstack/react-query';
import { catalogKeys, getEntitiesByRefs } from '../../common';

/** What the provider and consumer lists show of each entity. */
const relatedEntityFields = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'spec.type',
  'spec.owner',
];

/** The entities behind some refs (in order; `null` where the catalog has none), trimmed to the list's fields. */
export function relatedEntitiesQuery(entityRefs: string[]) {
  return queryOptions({
    queryKey: catalogKeys.entitiesByRefs('api-related', entityRefs),
    queryFn: ({ signal }) =>
      entityRefs.length === 0
        ? Promise.resolve([])
        : getEntitiesByRefs(entityRefs, { fields: relatedEntityFields, signal }),
  });
}
