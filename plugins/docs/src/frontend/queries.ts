import { fetchApi } from '@callboard/plugin-api/frontend';
import { queryOptions } from '@tanstack/react-query';
import {
  docsPageSchema,
  docsPluginId,
  docsRoutes,
  docsSiteListSchema,
  docsSiteSchema,
  type DocsSite,
} from '../common';
import type { SiteRef } from './docsPaths';

/** Query keys of the docs plugin; everything starts with the plugin id. */
export const docsKeys = {
  all: [docsPluginId] as const,
  sites: () => [...docsKeys.all, 'sites'] as const,
  site: (site: SiteRef) => [...docsKeys.all, 'site', routeParams(site)] as const,
  page: (site: SiteRef, urlPath: string) => [...docsKeys.site(site), 'page', urlPath] as const,
};

/** How often a site that is being built is asked about again. */
export const buildPollMs = 1_500;

/** `:namespace/:kind/:name` of the docs API's routes, encoded. */
function sitePath(route: string, site: SiteRef): string {
  const params = routeParams(site);
  return route
    .replace(':namespace', encodeURIComponent(params.namespace))
    .replace(':kind', encodeURIComponent(params.kind))
    .replace(':name', encodeURIComponent(params.name));
}

function routeParams(site: SiteRef): SiteRef {
  return {
    namespace: site.namespace,
    kind: site.kind.toLocaleLowerCase('en-US'),
    name: site.name,
  };
}

/**
 * Every documented entity. Filtering happens in the browser: the owner and kind pickers offer
 * the values of the whole list, and a portal documents hundreds of entities, not millions.
 */
export function docsSitesQuery() {
  return queryOptions({
    queryKey: docsKeys.sites(),
    queryFn: ({ signal }) =>
      fetchApi(docsPluginId, docsRoutes.sites, { schema: docsSiteListSchema, signal }),
  });
}

/** A site's status, nav and problems; asked again every moment while it is being built. */
export function docsSiteQuery(site: SiteRef) {
  return queryOptions({
    queryKey: docsKeys.site(site),
    queryFn: ({ signal }) =>
      fetchApi(docsPluginId, sitePath(docsRoutes.site, site), { schema: docsSiteSchema, signal }),
    refetchInterval: query => (isBuilding(query.state.data) ? buildPollMs : false),
  });
}

export function isBuilding(site: DocsSite | undefined): boolean {
  return site?.status === 'pending' || site?.status === 'building';
}

/** One page of a site; `commit` in the key so that a rebuilt site shows its new text. */
export function docsPageQuery(site: SiteRef, urlPath: string, commit: string | undefined) {
  return queryOptions({
    queryKey: [...docsKeys.page(site, urlPath), commit ?? null] as const,
    queryFn: ({ signal }) =>
      fetchApi(docsPluginId, sitePath(docsRoutes.page, site), {
        schema: docsPageSchema,
        query: { path: urlPath },
        signal,
      }),
  });
}

/** Asks the server to build a site now (first view of a site never built, or a retry). */
export function requestBuild(site: SiteRef): Promise<unknown> {
  return fetchApi(docsPluginId, sitePath(docsRoutes.build, site), { method: 'POST' });
}
