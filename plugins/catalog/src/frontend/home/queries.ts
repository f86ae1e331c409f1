import { queryOptions } from '@tanstack/react-query';
import { catalogKeys, getProblems, getRecentEntities } from '../../common';

/** The home page stays open on wall screens; these refresh while it does. */
export const homeRefreshMs = 30_000;

export function recentEntitiesQuery(limit: number) {
  return queryOptions({
    queryKey: catalogKeys.recent(limit),
    queryFn: ({ signal }) => getRecentEntities(limit, signal),
    refetchInterval: homeRefreshMs,
  });
}

export function problemsQuery(limit: number) {
  return queryOptions({
    queryKey: catalogKeys.problems({ limit }),
    queryFn: ({ signal }) => getProblems({ limit }, signal),
    refetchInterval: homeRefreshMs,
  });
}
