import { queryOptions } from '@tanstack/react-query';
import { catalogKeys, getEntitiesByRefs } from '../../common';

/** How long the success step watches for the new entities before it stops asking. */
const watchForMs = 2 * 60_000;
const pollEveryMs = 1_000;

/**
 * Which of the imported entities the catalog serves yet: ingestion runs in the background, so
 * the success step polls until every one has arrived (or a couple of minutes have passed).
 */
export function arrivedEntitiesQuery(entityRefs: string[], importedAt: number) {
  return queryOptions({
    queryKey: catalogKeys.entitiesByRefs('import-arrived', entityRefs),
    queryFn: async ({ signal }) => {
      const entities = await getEntitiesByRefs(entityRefs, {
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
        signal,
      });
      return entities.map(entity => entity !== null);
    },
    refetchInterval: query =>
      query.state.data?.every(Boolean) || Date.now() - importedAt > watchForMs
        ? false
        : pollEveryMs,
  });
}
