export const scaffolderPluginId = 'scaffolder';

/** Routes under `/api/scaffolder` (Backstage's, plus `/v2/targets`). */
export const scaffolderRoutes = {
  parameterSchema: '/v2/templates/:namespace/:kind/:name/parameter-schema',
  actions: '/v2/actions',
  targets: '/v2/targets',
  tasks: '/v2/tasks',
  task: '/v2/tasks/:taskId',
  eventStream: '/v2/tasks/:taskId/eventstream',
  events: '/v2/tasks/:taskId/events',
  cancel: '/v2/tasks/:taskId/cancel',
  retry: '/v2/tasks/:taskId/retry',
  dryRun: '/v2/dry-run',
  /** Read-only smart HTTP for the repositories of a `folder` target: `git clone <base>/<owner>/<repo>.git`. */
  gitRepositories: '/git',
} as const;

export * from './tasks';
export * from './templates';
export { parseRepoUrlValue, formatRepoUrlValue, type RepoUrlValue } from './repoUrl';
