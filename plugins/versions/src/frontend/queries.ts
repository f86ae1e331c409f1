import { fetchApi } from '@callboard/plugin-api/frontend';
import { queryOptions } from '@tanstack/react-query';
import { entityVersionsPath, entityVersionsSchema, versionsPluginId } from '../common';

/** Query keys of the versions plugin; everything starts with the plugin id. */
export const versionsKeys = {
  all: [versionsPluginId] as const,
  entity: (ref: { kind: string; namespace: string; name: string }) =>
    [...versionsKeys.all, 'entity', ref.kind, ref.namespace, ref.name] as const,
};

/** `GET /api/versions/entities/:kind/:namespace/:name`, validated against the common schema. */
export function entityVersionsQuery(ref: { kind: string; namespace: string; name: string }) {
  return queryOptions({
    queryKey: versionsKeys.entity(ref),
    queryFn: ({ signal }) =>
      fetchApi(versionsPluginId, entityVersionsPath(ref), { schema: entityVersionsSchema, signal }),
  });
}
