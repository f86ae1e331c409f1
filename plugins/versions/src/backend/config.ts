import { z } from 'zod';
import { environmentTierSchema } from '../common';

/** `versions:` in app-config. Validated at start-up; the backend names the failing key. */
export const versionsConfigSchema = z
  .strictObject({
    environments: z
      .array(
        z.strictObject({
          name: z
            .string()
            .regex(
              /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
              'must be lower-case letters, digits and dashes (like an entity name)',
            ),
          title: z.string().min(1).optional(),
          tier: environmentTierSchema,
          /** Explicit position; environments without one follow their tier. */
          order: z.number().int().optional(),
        }),
      )
      .default([])
      .superRefine((environments, context) => {
        const seen = new Set<string>();
        environments.forEach((environment, index) => {
          if (seen.has(environment.name)) {
            context.addIssue({
              code: 'custom',
              path: [index, 'name'],
              message: `"${environment.name}" is listed twice`,
            });
          }
          seen.add(environment.name);
        });
      }),
    /**
     * Seed a small made-up history for the example organisation's components when nothing was
     * ever deployed (a fresh install's first look); never for other entities.
     */
    examples: z.boolean().default(false),
  })
  .default({ environments: [], examples: false });

export type VersionsConfig = z.infer<typeof versionsConfigSchema>;
export type ConfiguredEnvironment = VersionsConfig['environments'][number];
