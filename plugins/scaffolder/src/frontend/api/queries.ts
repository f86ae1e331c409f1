import type { FilterPredicate } from '@callboard/plugin-catalog/common';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { entityExists, getTagFacets, listTemplates, searchEntities } from './catalogApi';
import {
  getParameterSchema,
  getPublishTargets,
  getTask,
  listTasks,
  type ListTasksRequest,
} from './scaffolderApi';

/** Query keys of the scaffolder's pages, all under `scaffolder`. */
export const scaffolderKeys = {
  all: ['scaffolder'] as const,
  templates: () => [...scaffolderKeys.all, 'templates'] as const,
  parameterSchema: (namespace: string, name: string) =>
    [...scaffolderKeys.all, 'parameter-schema', namespace, name] as const,
  targets: () => [...scaffolderKeys.all, 'targets'] as const,
  entitySearch: (query: FilterPredicate | undefined, term: string) =>
    [...scaffolderKeys.all, 'entity-search', query ?? null, term] as const,
  tags: (kinds: string[] | undefined) => [...scaffolderKeys.all, 'tags', kinds ?? null] as const,
  entityExists: (entityRef: string) => [...scaffolderKeys.all, 'entity-exists', entityRef] as const,
  tasks: () => [...scaffolderKeys.all, 'tasks'] as const,
  taskList: (request: ListTasksRequest) => [...scaffolderKeys.tasks(), 'list', request] as const,
  task: (taskId: string) => [...scaffolderKeys.tasks(), 'one', taskId] as const,
};

/** Whether an entity is in the catalog (a task's creator may be a guest, or a user since gone). */
export function entityExistsQuery(entityRef: string) {
  return queryOptions({
    queryKey: scaffolderKeys.entityExists(entityRef),
    queryFn: ({ signal }) => entityExists(entityRef, signal),
    staleTime: 5 * 60_000,
  });
}

export function templatesQuery() {
  return queryOptions({
    queryKey: scaffolderKeys.templates(),
    queryFn: ({ signal }) => listTemplates(signal),
  });
}

export function parameterSchemaQuery(namespace: string, name: string) {
  return queryOptions({
    queryKey: scaffolderKeys.parameterSchema(namespace, name),
    queryFn: ({ signal }) => getParameterSchema(namespace, name, signal),
    // A form being filled in must not change under the person filling it.
    staleTime: Infinity,
  });
}

export function publishTargetsQuery() {
  return queryOptions({
    queryKey: scaffolderKeys.targets(),
    queryFn: ({ signal }) => getPublishTargets(signal),
    staleTime: 5 * 60_000,
  });
}

/** How many matches a picker lists; typing narrows them down. */
export const pickerResultLimit = 50;

export function entitySearchQuery(query: FilterPredicate | undefined, term: string) {
  return queryOptions({
    queryKey: scaffolderKeys.entitySearch(query, term),
    queryFn: ({ signal }) => searchEntities({ query, term, limit: pickerResultLimit }, signal),
    // While the next search runs, the previous matches stay listed instead of flickering away.
    placeholderData: keepPreviousData,
  });
}

export function tagFacetsQuery(kinds: string[] | undefined) {
  return queryOptions({
    queryKey: scaffolderKeys.tags(kinds),
    queryFn: ({ signal }) => getTagFacets(kinds, signal),
  });
}

export function taskListQuery(request: ListTasksRequest) {
  return queryOptions({
    queryKey: scaffolderKeys.taskList(request),
    queryFn: ({ signal }) => listTasks(request, signal),
    placeholderData: keepPreviousData,
    // Tasks move on by themselves; a list a few seconds old is already out of date.
    staleTime: 0,
    refetchInterval: 10_000,
  });
}

export function taskQuery(taskId: string) {
  return queryOptions({
    queryKey: scaffolderKeys.task(taskId),
    queryFn: ({ signal }) => getTask(taskId, signal),
    staleTime: 0,
  });
}
