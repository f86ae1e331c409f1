import { z } from 'zod';
import { ingestionProblemSchema } from './problems';

/** A registered location on the wire (Backstage's `Location`), plus the ref of its Location entity. */
export const locationSchema = z.object({
  id: z.string(),
  type: z.string(),
  target: z.string(),
  entityRef: z.string().optional(),
});

export type Location = z.infer<typeof locationSchema>;

export const locationSpecSchema = z
  .object({
    type: z.string().min(1),
    target: z.string().min(1),
    presence: z.enum(['required', 'optional']).optional(),
  })
  .loose();

export const createLocationQuerySchema = z.object({
  dryRun: z
    .string()
    .optional()
    .transform(value => value !== undefined && value !== '' && value !== 'false' && value !== '0'),
  onConflict: z.enum(['reject', 'refresh']).optional(),
});

export const createLocationResponseSchema = z.object({
  location: locationSchema,
  entities: z.array(z.record(z.string(), z.unknown())),
  exists: z.boolean().optional(),
});

export const analyzeLocationRequestSchema = z
  .object({
    location: z.object({ type: z.string().min(1), target: z.string().min(1) }).loose(),
    catalogFilename: z.string().min(1).optional(),
  })
  .loose();

/** Backstage's analyze-location answer, plus every problem found (Callboard's addition). */
export const analyzeLocationResponseSchema = z.object({
  existingEntityFiles: z.array(
    z.object({
      entity: z.record(z.string(), z.unknown()),
      isRegistered: z.boolean(),
      location: z.object({ type: z.string(), target: z.string() }),
    }),
  ),
  generateEntities: z.array(z.unknown()),
  problems: z.array(ingestionProblemSchema),
});

export type AnalyzeLocationResponse = z.infer<typeof analyzeLocationResponseSchema>;

export const locationsByQueryRequestSchema = z
  .object({
    cursor: z.string().optional(),
    limit: z.number().int().min(1).max(1000).default(1000),
    query: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

export const refreshRequestSchema = z.object({
  entityRef: z.string().min(1),
  authorizationToken: z.string().optional(),
});

export const validateEntityRequestSchema = z.object({
  entity: z.unknown(),
  location: z.string().min(1),
});

/** A push event: Callboard's generic form, or GitHub's push payload (which has the same keys and more). */
export const gitWebhookSchema = z
  .object({
    repository: z.union([
      z.string().min(1),
      z
        .object({
          html_url: z.string().optional(),
          clone_url: z.string().optional(),
          url: z.string().optional(),
          git_http_url: z.string().optional(),
        })
        .loose(),
    ]),
    ref: z.string().optional(),
  })
  .loose();

export const webhookResponseSchema = z.object({
  /** The Location entities put at the front of the queue. */
  refreshed: z.array(z.string()),
});
