import { z } from 'zod';
import { durationSchema } from '@callboard/plugin-api/common';

const allowedKindSchema = z.union([
  z.string().min(1),
  z.object({ kind: z.string().min(1), 'spec.type': z.string().min(1).optional() }).strict(),
]);

const ruleLocationSchema = z
  .object({
    type: z.string().min(1),
    exact: z.string().min(1).optional(),
    /** Case-insensitive glob on the target. */
    pattern: z.string().min(1).optional(),
  })
  .strict();

export const ruleSchema = z
  .object({
    allow: z.array(allowedKindSchema).min(1),
    locations: z.array(ruleLocationSchema).optional(),
  })
  .strict();

export type CatalogRule = z.infer<typeof ruleSchema>;

const configLocationSchema = z
  .object({
    type: z.enum(['url', 'file'], { error: 'a config location is of type "url" or "file"' }),
    target: z.string().min(1),
    rules: z.array(ruleSchema.omit({ locations: true })).optional(),
  })
  .strict();

export type ConfigLocation = z.infer<typeof configLocationSchema>;

/** The `catalog:` block of app-config (Backstage's keys where Backstage has them). */
export const catalogConfigSchema = z
  .object({
    locations: z.array(configLocationSchema).default([]),
    /** Which kinds may come from where; see the README for the default. */
    rules: z.array(ruleSchema).optional(),
    /** How often every location is read again; `false` stops periodic reading. Default 100–150 s. */
    processingInterval: z.union([durationSchema, z.literal(false)]).optional(),
    orphanStrategy: z.enum(['delete', 'keep']).default('delete'),
    readonly: z.boolean().default(false),
    defaultLocationConflictStrategy: z.enum(['reject', 'refresh']).default('reject'),
    webhooks: z
      .object({
        /** Shared secret for `X-Hub-Signature-256` (HMAC-SHA256); when set, unsigned calls are refused. */
        secret: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    changes: z
      .object({
        /**
         * How long the change feed keeps a change that some consumer has not read; a consumer that
         * stopped for longer rebuilds from the whole catalog (ADR 0026).
         */
        retention: durationSchema.default({ days: 7 }),
      })
      .strict()
      .prefault({}),
    processing: z
      .object({
        /** Entities claimed per round by one replica. */
        batchSize: z.number().int().min(1).max(5000).default(500),
        /** A claimed entity not finished within this is released to other replicas. */
        leaseTimeout: durationSchema.default({ minutes: 2 }),
        /** Nested Location entities deeper than this are refused (cycles are refused anyway). */
        maxLocationDepth: z.number().int().min(1).max(100).default(10),
        /** Concurrent reads of one replica. */
        readConcurrency: z.number().int().min(1).max(64).default(8),
        /**
         * Stitching rounds one replica runs side by side. Two keep both of a small machine's
         * cores busy once processing is done (10,000 entities: 9.1–9.5 s with one, 8.3–8.5 s
         * with two, 9.8–10.1 s with three or four).
         */
        stitchConcurrency: z.number().int().min(1).max(16).default(2),
        /**
         * While the API is read, routine ingestion yields to the readers: smaller rounds, one
         * writer, and a pause as long as each round (ADR 0020). `false` ingests at full speed
         * whatever it costs the readers.
         */
        yieldToReads: z.boolean().default(true),
      })
      .strict()
      // prefault: an absent block is parsed as {}, so the field defaults above apply.
      .prefault({}),
    /** Reading limits and caching, validated by the readers. */
    reading: z.unknown().optional(),
  })
  .loose()
  .prefault({});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
