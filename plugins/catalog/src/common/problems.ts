import { z } from 'zod';

/**
 * One current ingestion problem, worded for the person who owns the YAML: which registered
 * location it came through, which file and document, which field, and what is wrong.
 */
export const ingestionProblemSchema = z.object({
  /** What kind of problem: `read`, `yaml`, `envelope`, `validation`, `placeholder`, `relation`, `rules`, `conflict`, `location`, `storage`. */
  type: z.string(),
  level: z.enum(['error', 'warning']),
  message: z.string(),
  /** The entity the problem is about, when it has a valid ref. */
  entityRef: z.string().optional(),
  /** The registered (or config) location this came through, e.g. `url:https://…`. */
  location: z.string().optional(),
  /** The file, as a location ref (`url:https://…/blob/main/catalog-info.yaml`). */
  file: z.string().optional(),
  /** 1-based index of the YAML document within the file. */
  document: z.number().int().positive().optional(),
  /** 1-based line in the file. */
  line: z.number().int().positive().optional(),
  /** Dotted field path, e.g. `spec.owner` or `metadata.tags[2]`. */
  field: z.string().optional(),
});

export type IngestionProblem = z.infer<typeof ingestionProblemSchema>;

export const problemsResponseSchema = z.object({
  items: z.array(ingestionProblemSchema),
  totalItems: z.number().int(),
  pageInfo: z.object({ nextCursor: z.string().optional() }),
});

export type ProblemsResponse = z.infer<typeof problemsResponseSchema>;

/** How far the catalog is with its work: what the queues hold, and what is served. */
export const catalogStatusSchema = z.object({
  entities: z.number().int(),
  problems: z.number().int(),
  locations: z.number().int(),
  queue: z.object({
    /** Entities due for processing now. */
    due: z.number().int(),
    /** Due now because someone asked (refresh, webhook, registration). */
    requested: z.number().int(),
    /** Claimed by a replica at this moment. */
    inProgress: z.number().int(),
    /** Entities waiting to be stitched into what the API serves. */
    stitching: z.number().int(),
  }),
  /**
   * The backend replicas alive now (their heartbeat is fresh) and the catalog work each holds:
   * entities it is processing and stitch requests it is stitching. A replica that dies leaves
   * this list, and its work goes back to the queue, within `backend.heartbeat.timeout` and one
   * interval.
   */
  replicas: z.array(
    z.object({
      id: z.string(),
      host: z.string(),
      pid: z.number().int(),
      startedAt: z.string(),
      heartbeatAt: z.string(),
      holds: z.object({ processing: z.number().int(), stitching: z.number().int() }),
    }),
  ),
});

export type CatalogStatus = z.infer<typeof catalogStatusSchema>;

/**
 * `GET /entities/by-name/:kind/:namespace/:name/processing` (a Callboard addition): where an
 * entity came from, when it was last read successfully, and its current ingestion problems.
 */
export const entityProcessingSchema = z.object({
  entityRef: z.string(),
  /** The registered or config location that leads to this entity, e.g. `url:https://…`. */
  location: z.string().optional(),
  /** The file it was read from, as a location ref. */
  file: z.string().optional(),
  /** ISO time of the last processing without errors; absent if it never succeeded. */
  processedAt: z.string().optional(),
  /** ISO time of the last processing attempt. */
  attemptedAt: z.string().optional(),
  /** ISO time it is due to be read again. */
  nextUpdateAt: z.string().optional(),
  /** ISO time the served entity last changed. */
  updatedAt: z.string().optional(),
  problems: z.array(ingestionProblemSchema),
});

export type EntityProcessing = z.infer<typeof entityProcessingSchema>;

/** `GET /entities/recent?limit=` (a Callboard addition): the most recently changed entities. */
export const recentEntitiesResponseSchema = z.object({
  items: z.array(
    z.object({
      entityRef: z.string(),
      kind: z.string(),
      namespace: z.string(),
      name: z.string(),
      title: z.string().optional(),
      /** ISO time the served entity last changed. */
      updatedAt: z.string(),
    }),
  ),
});

export type RecentEntitiesResponse = z.infer<typeof recentEntitiesResponseSchema>;
