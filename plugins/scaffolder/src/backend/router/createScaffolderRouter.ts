import { Router, type Request, type Response } from 'express';
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
  type SerializedTaskEvent,
} from '../../common';
import type { AnyActionDefinition } from '../actions/types';
import type { TaskService } from '../tasks/createTaskService';
import type { TaskEventHub } from '../tasks/taskEventHub';
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

/** How long `GET …/events` waits for news before answering `[]` (Backstage: 30 s). */
const longPollMs = 30_000;
/** An idle event stream sends a comment this often, so proxies keep it open. */
const keepAliveMs = 15_000;
/** A stream also re-reads on this period, in case a NOTIFY was missed while reconnecting. */
const streamPollMs = 2_000;

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
    res.json(await waitForEvents(taskId, after ?? 0, req));
  });

  router.get(scaffolderRoutes.eventStream, async (req, res) => {
    const { taskId } = parseParams(req, taskParamsSchema);
    const { after } = parseQuery(req, eventsQuerySchema);
    await store.getTask(taskId);
    const lastEventId = Number(req.headers['last-event-id']);
    await streamEvents(
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

  /** Resolves with the events after `after`, as soon as there are some, or `[]` after the long-poll time. */
  const waitForEvents = async (taskId: string, after: number, req: Request) => {
    const found = await store.listEvents(taskId, after);
    if (found.length > 0) return found;
    return new Promise<SerializedTaskEvent[]>(resolve => {
      let done = false;
      const finish = (events: SerializedTaskEvent[]) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        unsubscribe();
        resolve(events);
      };
      const timer = setTimeout(() => finish([]), longPollMs);
      const unsubscribe = hub.subscribe(taskId, () => {
        void store.listEvents(taskId, after).then(events => {
          if (events.length > 0) finish(events);
        });
      });
      req.on('close', () => finish([]));
    });
  };

  /**
   * Server-sent events: every event after `after` as `id`/`event`/`data`, then new ones as they
   * are written (woken by the hub, with a slow poll as a safety net). Ends after the completion.
   */
  const streamEvents = async (taskId: string, after: number, req: Request, res: Response) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    let lastId = after;
    let closed = false;
    let reading: Promise<void> | undefined;
    let again = false;

    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      clearInterval(keepAlive);
      unsubscribe();
      res.end();
    };
    const readNew = async (): Promise<void> => {
      const events = await store.listEvents(taskId, lastId);
      for (const event of events) {
        if (closed) return;
        lastId = event.id;
        res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        if (event.type === 'completion') {
          close();
          return;
        }
      }
      if (events.length === 0 && !closed) {
        // Asked for events after the completion (or the task is gone): nothing more will come.
        const state = await store.stateOf(taskId);
        if (!state || state.finished) {
          const settled = await store.listEvents(taskId, lastId);
          if (settled.length === 0) close();
          else wake();
        }
      }
    };
    const wake = () => {
      if (closed) return;
      if (reading) {
        again = true;
        return;
      }
      reading = readNew()
        .catch(() => close())
        .finally(() => {
          reading = undefined;
          if (again) {
            again = false;
            wake();
          }
        });
    };
    const unsubscribe = hub.subscribe(taskId, wake);
    const poll = setInterval(wake, streamPollMs);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
    req.on('close', close);
    wake();
  };

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
