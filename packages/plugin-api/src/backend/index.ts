export type {
  Lifecycle,
  PluginContext,
  PluginDatabase,
  PluginScheduler,
  RootConfig,
  ScheduledTask,
} from './context';
export type { BackendInfo, CoreServices, EntityKinds, ScheduledTaskRecord } from './core';
export {
  definePlugin,
  pluginList,
  type BackendPlugin,
  type BackendPluginOptions,
  type PluginList,
  type StartPlugin,
} from './definePlugin';
export { errorHandler, formatPath, formatZodError, notFoundHandler } from './errorHandler';
export { isValidMigrationName, type PluginMigration } from './migrations';
export { parseJsonBody, parseParams, parseQuery } from './validateRequest';
export { rawBodyOf, rememberRawBody } from './rawBody';
