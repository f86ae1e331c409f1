import type { Entity } from '@callboard/catalog-model';
import { useQuery } from '@tanstack/react-query';
import { LoadingLines, QueryError } from '@callboard/ui';
import { entityVersionsQuery } from './queries';
import { VersionsView } from './VersionsView';

/** Refresh while open: deployments arrive from CI at any time. */
const refreshEveryMs = 30_000;

/** The Versions tab of a Component. */
export function VersionsTab(props: { entity: Entity }) {
  const ref = {
    kind: props.entity.kind.toLowerCase(),
    namespace: (props.entity.metadata.namespace ?? 'default').toLowerCase(),
    name: props.entity.metadata.name.toLowerCase(),
  };
  const query = useQuery({ ...entityVersionsQuery(ref), refetchInterval: refreshEveryMs });
  if (query.isPending) return <LoadingLines label="Loading versions…" />;
  if (query.isError) {
    return (
      <QueryError
        title="Could not load versions"
        error={query.error}
        retry={() => void query.refetch()}
        retrying={query.isFetching}
      />
    );
  }
  return <VersionsView versions={query.data} />;
}
