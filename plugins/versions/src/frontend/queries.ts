import { fetchApi } from '@callboard/plugin-api/frontend';
import { queryOptions } from '@tanstack/react-query';
import {
  deploymentsPageSchema,
  entityVersionsPath,
  entityVersionsSchema,
  impactResponseSchema,
  overviewResponseSchema,
  versionsPluginId,
  versionsRoutes,
  type OverviewQuery,
} from '../common';

/** Query keys of the versions plugin; everything starts with the plugin id. */
export const versionsKeys = {
  all: [versionsPluginId] as const,
  entity: (ref: { kind: string; namespace: string; name: string }) =>
    [...versionsKeys.all, 'entity', ref.kind, ref.namespace, ref.name] as const,
  overview: (query: OverviewQuery) => [...versionsKeys.all, 'overview', query] as const,
  latestDeployments: (limit: number) => [...versionsKeys.all, 'deployments', limit] as const,
  impact: (entityRef: string, range: string) =>
    [...versionsKeys.all, 'impact', entityRef, range] as const,
};

/** `GET /api/versions/entities/:kind/:namespace/:name`, validated against the common schema. */
export function entityVersionsQuery(ref: { kind: string; namespace: string; name: string }) {
  return queryOptions({
    queryKey: versionsKeys.entity(ref),
    queryFn: ({ signal }) =>
      fetchApi(versionsPluginId, entityVersionsPath(ref), { schema: entityVersionsSchema, signal }),
  });
}

/** `GET /api/versions/overview`, filtered by owner, system and tier. */
export function overviewQuery(query: OverviewQuery) {
  return queryOptions({
    queryKey: versionsKeys.overview(query),
    queryFn: ({ signal }) =>
      fetchApi(versionsPluginId, versionsRoutes.overview, {
        query: { ...query },
        schema: overviewResponseSchema,
        signal,
      }),
  });
}

/** How often the feed asks for new deployments: CI reports are minutes apart, not seconds. */
export const feedPollMs = 5_000;

/** The newest deployments, polled so new ones appear without a reload. */
export function latestDeploymentsQuery(limit: number) {
  return queryOptions({
    queryKey: versionsKeys.latestDeployments(limit),
    queryFn: ({ signal }) =>
      fetchApi(versionsPluginId, versionsRoutes.deployments, {
        query: { limit },
        schema: deploymentsPageSchema,
        signal,
      }),
    refetchInterval: feedPollMs,
  });
}

/** `GET /api/versions/impact`: where a range of an entity's versions runs, and whom to warn. */
export function impactQuery(entityRef: string, range: string) {
  return queryOptions({
    queryKey: versionsKeys.impact(entityRef, range),
    queryFn: ({ signal }) =>
      fetchApi(versionsPluginId, versionsRoutes.impact, {
        query: { entityRef, range },
        schema: impactResponseSchema,
        signal,
      }),
  });
}
