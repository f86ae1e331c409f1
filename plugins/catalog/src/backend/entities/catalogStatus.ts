import type { Knex } from 'knex';
import type { ReplicaState } from '@callboard/plugin-api/backend';
import type { CatalogStatus } from '../../common/problems';
import { countCatalogState } from '../database/catalogOverviewStore';
import { countProblems } from '../database/problemsStore';

/** What the queues hold and what is served, across all replicas. */
export async function catalogStatus(deps: {
  knex: Knex;
  /** The live replicas and the leases each holds (the backend's registry). */
  replicas: () => Promise<ReplicaState[]>;
}): Promise<CatalogStatus> {
  const [counts, replicas, problems] = await Promise.all([
    countCatalogState(deps.knex),
    deps.replicas(),
    countProblems(deps.knex),
  ]);
  return {
    entities: counts.entities,
    problems,
    locations: counts.locations,
    queue: {
      due: counts.due,
      requested: counts.requested,
      inProgress: counts.inProgress,
      stitching: counts.stitching,
    },
    replicas: replicas.map(replica => ({
      id: replica.id,
      host: replica.host,
      pid: replica.pid,
      startedAt: replica.startedAt.toISOString(),
      heartbeatAt: replica.heartbeatAt.toISOString(),
      holds: {
        processing: replica.leases['catalog.processing'] ?? 0,
        stitching: replica.leases['catalog.stitching'] ?? 0,
      },
    })),
  };
}
