import { queryOptions } from '@tanstack/react-query';
import { getProblems, getRecentEntities } from '../api/catalogApi';

/** Query keys of the home widgets, under `catalog` like every catalog query. */
export const homeKeys = {
  recent: (limit: number) => ['catalog', 'recent', limit] as const,
  problems: (limit: number) => ['catalog', 'problems', { limit }] as const,
};

/** The home page stays open on wall screens; these refresh while it does. */
export const homeRefreshMs = 30_000;

export function recentEntitiesQuery(limit: number) {
  return queryOptions({
    queryKey: homeKeys.recent(limit),
    queryFn: ({ signal }) => getRecentEntities(limit, signal),
    refetchInterval: homeRefreshMs,
  });
}

export function problemsQuery(limit: number) {
  return queryOptions({
    queryKey: homeKeys.problems(limit),
    queryFn: ({ signal }) => getProblems({ limit }, signal),
    refetchInterval: homeRefreshMs,
  });
}
