import { Router } from 'express';
import { z } from 'zod';
import type { Entity } from '@callboard/catalog-model';
import { parseJsonBody, parseParams, parseQuery } from '@callboard/plugin-api/backend';
import {
  createTaskRequestSchema,
  dryRunRequestSchema,
  eventsQuerySchema,
  listTasksQuerySchema,
  retryTaskRequestSchema,
  scaffolderRoutes,
  type ActionDescription,
  type PublishTargetDescription,
} from '../../common';
import type { AnyActionDefinition } from '../actions/types';
import type { TaskService } from '../tasks/createTaskService';
import type { TaskEventHub } from '../tasks/taskEventHub';
import { streamTaskEvents, waitForTaskEvents } from '../tasks/taskEventDelivery';
import type { ListTasksRequest, TaskStore } from '../tasks/taskStore';

/** Who created a task. Callboard has no sign-in yet: everyone is the guest user. */
export const guestUserRef = 'user:default/guest';

const taskParamsSchema = z.object({ taskId: z.string().min(1) });
const templateParamsSchema = z.object({
  namespace: z.string().min(1),
  kind: z.string().min(1),
  name: z.string().min(1),
});
const orderFields = ['created_at', 'status', 'created_by'] as const;

export interface ScaffolderRouterOptions {
  store: TaskStore;
  tasks: TaskService;
  hub: TaskEventHub;
  actions: ReadonlyMap<string, AnyActionDefinition>;
  targets: () => PublishTargetDescription[];
  dryRun(request: {
    template: Entity;
    values: Record<string, unknown>;
    secrets?: Record<string, string>;
    directoryContents: Array<{ path: string; base64Content: string }>;
    signal: AbortSignal;
  }): Promise<unknown>;
}

/** Backstage's scaffolder API at `/api/scaffolder/v2/…` (backstage-spec §4.5). */
export function createScaffolderRouter(options: ScaffolderRouterOptions): Router {
  const { store, tasks, hub } = options;
  const delivery = { store, hub };
  const router = Router();

  router.get(scaffolderRoutes.parameterSchema, async (req, res) => {
    const { namespace, kind, name } = parseParams(req, templateParamsSchema);
    res.json(await tasks.getParameterSchema(namespace, kind, name));
  });

  router.get(scaffolderRoutes.actions, (_req, res) => {
    res.json([...options.actions.values()].map(describeAction));
  });

  router.get(scaffolderRoutes.targets, (_req, res) => {
    res.json(options.targets());
  });

  router.post(scaffolderRoutes.tasks, async (req, res) => {
    const body = parseJsonBody(req, createTaskRequestSchema);
    const created = await tasks.createTask({ ...body, createdBy: guestUserRef });
    res.status(201).json(created);
  });

  router.get(scaffolderRoutes.tasks, async (req, res) => {
    const query = parseQuery(req, listTasksQuerySchema);
    res.json(await store.listTasks(listRequest(query)));
  });

  router.get(scaffolderRoutes.task, async (req, res) => {
    const { taskId } = parseParams(req, taskParamsSchema);
    res.json(await store.getTask(taskId));
  });

  router.post(scaffolderRoutes.cancel, async (req, res) => {
    const { taskId } = parseParams(req, taskParamsSchema);
    res.json({ status: await store.cancelTask(taskId) });
  });

  router.post(scaffolderRoutes.retry, async (req, res) => {
    const { taskId } = parseParams(req, taskParamsSchema);
    // The body is optional (Backstage's client sends none without secrets).
    const body = retryTaskRequestSchema.parse(req.body ?? {});
    await store.retryTask(taskId, body.secrets);
    res.status(201).json({ id: taskId });
  });

  router.get(scaffolderRoutes.events, async (req, res) => {
    const { taskId } = parseParams(req, taskParamsSchema);
    const { after } = parseQuery(req, eventsQuerySchema);
    await store.getTask(taskId); // 404 for an unknown task
    res.json(await waitForTaskEvents(delivery, taskId, after ?? 0, req));
  });

  router.get(scaffolderRoutes.eventStream, async (req, res) => {
    const { taskId } = parseParams(req, taskParamsSchema);
    const { after } = parseQuery(req, eventsQuerySchema);
    await store.getTask(taskId);
    const lastEventId = Number(req.headers['last-event-id']);
    streamTaskEvents(
      delivery,
      taskId,
      Number.isInteger(lastEventId) ? lastEventId : (after ?? 0),
      req,
      res,
    );
  });

  router.post(scaffolderRoutes.dryRun, async (req, res) => {
    const body = parseJsonBody(req, dryRunRequestSchema);
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    res.json(
      await options.dryRun({
        template: body.template as unknown as Entity,
        values: body.values,
        ...(body.secrets ? { secrets: body.secrets } : {}),
        directoryContents: body.directoryContents,
        signal: controller.signal,
      }),
    );
  });

  return router;
}

function describeAction(action: AnyActionDefinition): ActionDescription {
  const schema = (type: z.ZodType) =>
    z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    id: action.id,
    description: action.description,
    schema: {
      input: schema(action.input),
      ...(action.output ? { output: schema(action.output) } : {}),
    },
    ...(action.examples?.length ? { examples: action.examples } : {}),
  };
}

function listRequest(query: z.infer<typeof listTasksQuerySchema>): ListTasksRequest {
  const list = <T>(value: T | T[] | undefined): T[] | undefined =>
    value === undefined ? undefined : Array.isArray(value) ? value : [value];
  const order: ListTasksRequest['order'] = [];
  for (const item of list(query.order) ?? ['desc:created_at']) {
    const [direction, field] = item.includes(':') ? item.split(':', 2) : ['asc', item];
    if (!orderFields.includes(field as (typeof orderFields)[number])) continue;
    order.push({
      field: field as (typeof orderFields)[number],
      direction: direction === 'desc' ? 'desc' : 'asc',
    });
  }
  return {
    ...(query.createdBy ? { createdBy: list(query.createdBy) } : {}),
    ...(query.status ? { status: list(query.status) } : {}),
    limit: query.limit,
    offset: query.offset,
    order,
  };
}
