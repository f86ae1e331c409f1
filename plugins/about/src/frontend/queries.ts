import { fetchApi } from '@callboard/plugin-api/frontend';
import { queryOptions } from '@tanstack/react-query';
import { aboutInfoSchema, aboutPluginId, aboutRoutes } from '../common';

/** Query keys of the about plugin; everything starts with the plugin id. */
export const aboutKeys = {
  all: [aboutPluginId] as const,
  info: () => [...aboutKeys.all, 'info'] as const,
};

/** `GET /api/about/info`, validated against the common schema. */
export function aboutInfoQuery() {
  return queryOptions({
    queryKey: aboutKeys.info(),
    queryFn: ({ signal }) =>
      fetchApi(aboutPluginId, aboutRoutes.info, { schema: aboutInfoSchema, signal }),
  });
}
