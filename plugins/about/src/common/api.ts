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
});

export type AboutInfo = z.infer<typeof aboutInfoSchema>;
export type ScheduledTaskState = z.infer<typeof scheduledTaskStateSchema>;

/** Routes under `/api/about`. */
export const aboutRoutes = {
  info: '/info',
} as const;
