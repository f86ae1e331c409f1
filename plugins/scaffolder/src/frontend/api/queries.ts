import type { Entity } from '@callboard/catalog-model';
import {
  catalogKeys,
  getFacets,
  queryAllEntities,
  queryEntitiesByPredicate,
  type FilterPredicate,
} from '@callboard/plugin-catalog/common';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import {
  getParameterSchema,
  getPublishTargets,
  getTask,
  listTasks,
  type ListTasksRequest,
} from './scaffolderApi';

/**
 * Query keys of the scaffolder's own data, all under `scaffolder`. What it reads from the catalog
 * (templates, picker matches, tags) is keyed by `catalogKeys`, so an import or unregister
 * anywhere in the portal refreshes the gallery and the pickers too.
 */
export const scaffolderKeys = {
  all: ['scaffolder'] as const,
  parameterSchema: (namespace: string, name: string) =>
    [...scaffolderKeys.all, 'parameter-schema', namespace, name] as const,
  targets: () => [...scaffolderKeys.all, 'targets'] as const,
  tasks: () => [...scaffolderKeys.all, 'tasks'] as const,
  taskList: (request: ListTasksRequest) => [...scaffolderKeys.tasks(), 'list', request] as const,
  task: (taskId: string) => [...scaffolderKeys.tasks(), 'one', taskId] as const,
};

export function templatesQuery() {
  return queryOptions({
    queryKey: catalogKeys.entities('templates'),
    queryFn: ({ signal }) =>
      queryAllEntities(
        { query: { kind: 'template' }, orderBy: [{ field: 'metadata.name', order: 'asc' }] },
        { signal },
      ),
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
    queryKey: catalogKeys.entities('picker', { query: query ?? null, term }),
    queryFn: ({ signal }) => searchEntities(query, term, signal),
    // While the next search runs, the previous matches stay listed instead of flickering away.
    placeholderData: keepPreviousData,
  });
}

/** The fields a picker shows: enough for a ref and a readable label. */
const pickerFields = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
];

/** The first matches of what was typed, by name, among the entities the picker may offer. */
async function searchEntities(
  query: FilterPredicate | undefined,
  term: string,
  signal: AbortSignal,
): Promise<{ items: Entity[]; totalItems: number }> {
  const text = term.trim();
  const page = await queryEntitiesByPredicate(
    {
      ...(query ? { query } : {}),
      ...(text ? { fullTextFilter: { term: text } } : {}),
      orderBy: [{ field: 'metadata.name', order: 'asc' }],
      fields: pickerFields,
      limit: pickerResultLimit,
    },
    signal,
  );
  return { items: page.items, totalItems: page.totalItems };
}

export function tagFacetsQuery(kinds: string[] | undefined) {
  return queryOptions({
    queryKey: catalogKeys.facets(['metadata.tags'], kinds),
    queryFn: async ({ signal }) => {
      // One filter per kind: the catalog ORs repeated filters.
      const filter = kinds && kinds.length > 0 ? kinds.map(kind => `kind=${kind}`) : undefined;
      const response = await getFacets(['metadata.tags'], filter, signal);
      return response.facets['metadata.tags'] ?? [];
    },
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
