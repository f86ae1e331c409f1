import { z } from 'zod';

export const scheduledTaskStateSchema = z.object({
  id: z.string(),
  /** ISO timestamps; null until the first run. */
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  lastDurationMs: z.number().nullable(),
  lastError: z.string().nullable(),
  /** The replica holding the lease while a run is in progress. */
  leasedBy: z.string().nullable(),
});

/** A backend replica whose heartbeat is fresh, and the leases it holds by kind. */
export const replicaStateSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  version: z.string(),
  startedAt: z.string(),
  heartbeatAt: z.string(),
  /** `<pluginId>.<kind>` → how many it holds; kinds it holds none of are absent. */
  leases: z.record(z.string(), z.number().int()),
});

export const aboutInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  nodeVersion: z.string(),
  startedAt: z.string(),
  instanceId: z.string(),
  database: z.object({
    engine: z.enum(['pglite', 'pg']),
    serverVersion: z.string(),
  }),
  plugins: z.array(z.object({ id: z.string() })),
  scheduledTasks: z.array(scheduledTaskStateSchema),
  /** Every replica alive now, this one included, oldest first. */
  replicas: z.array(replicaStateSchema),
});

export type AboutInfo = z.infer<typeof aboutInfoSchema>;
export type ScheduledTaskState = z.infer<typeof scheduledTaskStateSchema>;
export type ReplicaStateInfo = z.infer<typeof replicaStateSchema>;

/** Routes under `/api/about`. */
export const aboutRoutes = {
  info: '/info',
} as const;
