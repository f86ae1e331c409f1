import { errorFromResponse } from '@callboard/plugin-api/common';
import { apiUrl, fetchApi, parseJson } from '@callboard/plugin-api/frontend';
import {
  cancelTaskResponseSchema,
  createTaskResponseSchema,
  listTasksResponseSchema,
  parameterSchemaResponseSchema,
  publishTargetsResponseSchema,
  scaffolderPluginId,
  serializedTaskSchema,
  type CreateTaskRequest,
  type TaskStatus,
} from '../../common';
import { TaskValidationError } from '../lib/errors';

/**
 * Typed calls to the scaffolder's HTTP API. Each response is checked against the schema in
 * `common`; failures arrive as typed errors carrying the server's message.
 */

function taskPath(taskId: string, suffix = ''): string {
  return `/v2/tasks/${encodeURIComponent(taskId)}${suffix}`;
}

/** `GET /v2/templates/:namespace/template/:name/parameter-schema`: the form, page by page. */
export function getParameterSchema(namespace: string, name: string, signal?: AbortSignal) {
  return fetchApi(
    scaffolderPluginId,
    `/v2/templates/${encodeURIComponent(namespace)}/template/${encodeURIComponent(name)}/parameter-schema`,
    { schema: parameterSchemaResponseSchema, signal },
  );
}

/** `GET /v2/targets`: where new repositories may be published. */
export function getPublishTargets(signal?: AbortSignal) {
  return fetchApi(scaffolderPluginId, '/v2/targets', {
    schema: publishTargetsResponseSchema,
    signal,
  });
}

/**
 * `POST /v2/tasks`. A 400 whose body lists JSON Schema `errors` (the values did not match the
 * template's parameters) becomes a `TaskValidationError` with one message per problem; other
 * failures are the usual typed errors.
 */
export async function createTask(request: CreateTaskRequest): Promise<{ id: string }> {
  const response = await fetch(apiUrl(scaffolderPluginId, '/v2/tasks'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) {
    const validation = TaskValidationError.fromBody(response.status, json);
    throw validation ?? errorFromResponse(response.status, json, text);
  }
  const parsed = createTaskResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`The server's answer to creating a task had no task id: ${text.slice(0, 200)}`);
  }
  return parsed.data;
}

export function getTask(taskId: string, signal?: AbortSignal) {
  return fetchApi(scaffolderPluginId, taskPath(taskId), { schema: serializedTaskSchema, signal });
}

export interface ListTasksRequest {
  status?: TaskStatus;
  limit: number;
  offset: number;
}

/** `GET /v2/tasks`: newest first. */
export function listTasks(request: ListTasksRequest, signal?: AbortSignal) {
  return fetchApi(scaffolderPluginId, '/v2/tasks', {
    query: {
      status: request.status,
      limit: request.limit,
      offset: request.offset,
      order: 'desc:created_at',
    },
    schema: listTasksResponseSchema,
    signal,
  });
}

export function cancelTask(taskId: string) {
  return fetchApi(scaffolderPluginId, taskPath(taskId, '/cancel'), {
    method: 'POST',
    body: {},
    schema: cancelTaskResponseSchema,
  });
}

/** `POST /v2/tasks/:id/retry`: runs the task again from its failed step. */
export function retryTask(taskId: string) {
  return fetchApi(scaffolderPluginId, taskPath(taskId, '/retry'), {
    method: 'POST',
    body: {},
    schema: createTaskResponseSchema,
  });
}

/** Where the browser listens for a task's events; `after` resumes behind the last one seen. */
export function taskEventStreamUrl(taskId: string, after?: number): string {
  return apiUrl(scaffolderPluginId, taskPath(taskId, '/eventstream'), { after });
}
