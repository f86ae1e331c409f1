import { z } from 'zod';

/** A JSON Schema object as written in a template (RJSF reads the `ui:*` keys inline). */
export const jsonSchemaObjectSchema = z.record(z.string(), z.unknown());
export type JsonSchemaObject = z.infer<typeof jsonSchemaObjectSchema>;

/** `GET /v2/templates/:namespace/:kind/:name/parameter-schema`: one form page per step. */
export const parameterSchemaResponseSchema = z.object({
  title: z.string(),
  description: z.string().optional(),
  presentation: z
    .looseObject({
      buttonLabels: z
        .looseObject({
          backButtonText: z.string().optional(),
          createButtonText: z.string().optional(),
          reviewButtonText: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  steps: z.array(
    z.object({
      title: z.string(),
      description: z.string().optional(),
      schema: jsonSchemaObjectSchema,
    }),
  ),
});
export type ParameterSchemaResponse = z.infer<typeof parameterSchemaResponseSchema>;

/** `GET /v2/actions`: every installed action with JSON Schemas of its input and output. */
export const actionDescriptionSchema = z.object({
  id: z.string(),
  description: z.string().optional(),
  schema: z.object({
    input: jsonSchemaObjectSchema.optional(),
    output: jsonSchemaObjectSchema.optional(),
  }),
  examples: z.array(z.object({ description: z.string(), example: z.string() })).optional(),
});
export const actionsResponseSchema = z.array(actionDescriptionSchema);
export type ActionDescription = z.infer<typeof actionDescriptionSchema>;

/**
 * `GET /v2/targets` (Callboard's): the hosts new repositories may be published to, for the
 * `RepoUrlPicker`. Backstage reads them from `integrations` in the browser; we answer from
 * `scaffolder.targets`, which is where publishing is configured.
 */
export const publishTargetDescriptionSchema = z.object({
  host: z.string(),
  title: z.string(),
  type: z.enum(['folder', 'git']),
  /** Owners (organisations, groups) new repositories may go under; absent = any. */
  allowedOwners: z.array(z.string()).optional(),
  /** Shown under the picker: where the repository will be created. */
  description: z.string().optional(),
});
export const publishTargetsResponseSchema = z.array(publishTargetDescriptionSchema);
export type PublishTargetDescription = z.infer<typeof publishTargetDescriptionSchema>;

/** `POST /v2/dry-run`: runs a template entity against a workspace of given files. */
export const dryRunRequestSchema = z.object({
  template: z.looseObject({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z.looseObject({ name: z.string() }),
    spec: z.looseObject({}),
  }),
  values: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.string()).optional(),
  directoryContents: z
    .array(z.object({ path: z.string(), base64Content: z.string() }))
    .max(1000)
    .default([]),
});
export type DryRunRequest = z.input<typeof dryRunRequestSchema>;

export const dryRunResponseSchema = z.object({
  log: z.array(
    z.object({
      body: z.looseObject({
        message: z.string(),
        status: z.string().optional(),
        stepId: z.string().optional(),
      }),
    }),
  ),
  directoryContents: z.array(
    z.object({ path: z.string(), executable: z.boolean().optional(), base64Content: z.string() }),
  ),
  output: z.record(z.string(), z.unknown()),
  steps: z.array(z.object({ id: z.string(), name: z.string(), action: z.string() })),
});
export type DryRunResponse = z.infer<typeof dryRunResponseSchema>;
