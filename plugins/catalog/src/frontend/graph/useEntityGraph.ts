import { stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { catalogKeys, getEntitiesByRefs } from '../../common';
import { graphEntityFields, loadEntityGraph } from './loadEntityGraph';

/** Beyond this the graph stops growing and says so; ELK and the eye both give up past it. */
export const defaultMaxGraphNodes = 2000;

export interface EntityGraphParams {
  entity: Entity;
  depth: number;
  relationTypes: ReadonlySet<string>;
  expandTypes?: ReadonlySet<string>;
  maxNodes?: number;
}

/**
 * The graph around an entity, as a query. Neighbours fetched once are kept for as long as the
 * view is open, so raising the depth or ticking a relation type fetches only what is new; the
 * previous graph stays on screen while the next one loads.
 */
export function useEntityGraph(params: EntityGraphParams) {
  const [cache] = useState(() => new Map<string, Entity | null>());
  const maxNodes = params.maxNodes ?? defaultMaxGraphNodes;
  const rootId = stringifyEntityRef(params.entity);
  return useQuery({
    queryKey: catalogKeys.entityGraph(
      rootId,
      params.entity.metadata.etag ?? '',
      params.depth,
      [...params.relationTypes].sort(),
      params.expandTypes ? [...params.expandTypes].sort() : null,
      maxNodes,
    ),
    queryFn: ({ signal }) =>
      loadEntityGraph({
        root: params.entity,
        depth: params.depth,
        relationTypes: params.relationTypes,
        expandTypes: params.expandTypes,
        maxNodes,
        fetchEntities: async refs => {
          const unknown = refs.filter(ref => !cache.has(ref));
          if (unknown.length > 0) {
            const found = await getEntitiesByRefs(unknown, { fields: graphEntityFields, signal });
            unknown.forEach((ref, index) => cache.set(ref, found[index] ?? null));
          }
          return refs.map(ref => cache.get(ref) ?? null);
        },
      }),
    // The previous graph of the same entity, never another entity's.
    placeholderData: previous => (previous?.rootId === rootId ? previous : undefined),
    staleTime: 60_000,
  });
}
