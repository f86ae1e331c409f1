import { z } from 'zod';

/**
 * The wire contract of the scaffolder's task API (backstage-spec §4.5): what the backend router
 * accepts and answers, shared with the frontend so both validate the same shapes.
 */

export const taskStatusSchema = z.enum([
  'open',
  'processing',
  'completed',
  'failed',
  'cancelled',
  'skipped',
]);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

/** Statuses a task never leaves. */
export const finalTaskStatuses: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];

/** A step as stored in the task spec: ids and names defaulted (`step-<n>`, the action id). */
export const taskStepSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  action: z.string(),
  input: z.record(z.string(), z.unknown()).optional(),
  if: z.union([z.string(), z.boolean()]).optional(),
  each: z.union([z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
});
export type TaskStep = z.infer<typeof taskStepSchema>;

export const outputLinkSchema = z.looseObject({
  title: z.string().optional(),
  icon: z.string().optional(),
  url: z.string().optional(),
  entityRef: z.string().optional(),
  if: z.union([z.string(), z.boolean()]).optional(),
});
export const outputTextSchema = z.looseObject({
  title: z.string().optional(),
  icon: z.string().optional(),
  content: z.string().optional(),
  default: z.boolean().optional(),
  if: z.union([z.string(), z.boolean()]).optional(),
});
/** `spec.output`: links and texts shown when the task is done, plus any named values. */
export const taskOutputSchema = z.looseObject({
  links: z.array(outputLinkSchema).optional(),
  text: z.array(outputTextSchema).optional(),
});
export type TaskOutput = z.infer<typeof taskOutputSchema>;
export type OutputLink = z.infer<typeof outputLinkSchema>;
export type OutputText = z.infer<typeof outputTextSchema>;

/** What a task runs. Secrets are never part of it. */
export const taskSpecSchema = z.looseObject({
  apiVersion: z.string(),
  steps: z.array(taskStepSchema),
  output: taskOutputSchema.default({}),
  parameters: z.record(z.string(), z.unknown()),
  user: z.looseObject({ ref: z.string().optional() }).default({}),
  templateInfo: z.looseObject({
    entityRef: z.string(),
    /** Where relative action URLs resolve: the template's folder, `url:<…>/` or `file:<…>/`. */
    baseUrl: z.string().optional(),
    entity: z
      .looseObject({ metadata: z.looseObject({ name: z.string(), title: z.string().optional() }) })
      .optional(),
  }),
  EXPERIMENTAL_recovery: z
    .looseObject({ EXPERIMENTAL_strategy: z.enum(['none', 'startOver']).optional() })
    .optional(),
});
export type TaskSpec = z.infer<typeof taskSpecSchema>;

export const serializedTaskSchema = z.object({
  id: z.string(),
  spec: taskSpecSchema,
  status: taskStatusSchema,
  createdAt: z.string(),
  lastHeartbeatAt: z.string().optional(),
  createdBy: z.string().optional(),
});
export type SerializedTask = z.infer<typeof serializedTaskSchema>;

/** Status of one step, carried by log events that have a `stepId`. */
export const stepStatusSchema = z.enum([
  'open',
  'processing',
  'completed',
  'failed',
  'skipped',
  'cancelled',
]);
export type StepStatus = z.infer<typeof stepStatusSchema>;

export const taskEventTypeSchema = z.enum(['log', 'completion', 'cancelled', 'recovered']);
export type TaskEventType = z.infer<typeof taskEventTypeSchema>;

export const serializedTaskEventSchema = z.object({
  id: z.number().int(),
  taskId: z.string(),
  type: taskEventTypeSchema,
  body: z.looseObject({
    message: z.string(),
    stepId: z.string().optional(),
    status: z.union([stepStatusSchema, taskStatusSchema]).optional(),
    /** On `completion`: the rendered `spec.output`. */
    output: z.record(z.string(), z.unknown()).optional(),
    /** On a failed `completion`: the error's name and message. */
    error: z.object({ name: z.string(), message: z.string() }).optional(),
  }),
  createdAt: z.string(),
  isTaskRecoverable: z.boolean().optional(),
});
export type SerializedTaskEvent = z.infer<typeof serializedTaskEventSchema>;

// ---------------------------------------------------------------------------------------------
// Requests and responses
// ---------------------------------------------------------------------------------------------

export const createTaskRequestSchema = z.object({
  /** `template:default/name`; the kind defaults to `template`. */
  templateRef: z.string().min(1),
  values: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.string()).optional(),
});
export type CreateTaskRequest = z.input<typeof createTaskRequestSchema>;

export const createTaskResponseSchema = z.object({ id: z.string() });

export const listTasksQuerySchema = z.object({
  createdBy: z.union([z.string(), z.array(z.string())]).optional(),
  status: z.union([taskStatusSchema, z.array(taskStatusSchema)]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  order: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('asc|desc:created_at|status|created_by'),
});

export const listTasksResponseSchema = z.object({
  tasks: z.array(serializedTaskSchema),
  totalTasks: z.number().int(),
});
export type ListTasksResponse = z.infer<typeof listTasksResponseSchema>;

export const cancelTaskResponseSchema = z.object({ status: taskStatusSchema });

export const retryTaskRequestSchema = z
  .object({ secrets: z.record(z.string(), z.string()).optional() })
  .default({});

export const eventsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).optional(),
});

export const taskEventsResponseSchema = z.array(serializedTaskEventSchema);
