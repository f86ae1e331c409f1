export type {
  LeaseKind,
  Lifecycle,
  PluginInstance,
  PluginContext,
  PluginDatabase,
  PluginScheduler,
  ReplicaState,
  RootConfig,
  ScheduledTask,
} from './context';
export type { BackendInfo, CoreServices, EntityKinds, ScheduledTaskRecord } from './core';
export type {
  FileAnnotations,
  LocationSpec,
  ReadFile,
  ReadOptions,
  ReadResult,
  ReadTreeOptions,
  ReadTreeResult,
  RepositoryReader,
  RepositoryTag,
  TreeFile,
} from './repositoryReader';
export {
  definePlugin,
  pluginList,
  type BackendPlugin,
  type BackendPluginOptions,
  type PluginList,
  type StartPlugin,
} from './definePlugin';
export { errorHandler, formatPath, formatZodError, notFoundHandler } from './errorHandler';
export {
  assertUsableInput,
  findUnusableInput,
  maxInputDepth,
  refuseUnusableInput,
  type InputPlace,
} from './inputChecks';
export { countLeasesByOwner } from './leases';
export { isValidMigrationName, type PluginMigration } from './migrations';
export { parseJsonBody, parseParams, parseQuery } from './validateRequest';
export { rawBodyOf, rememberRawBody } from './rawBody';
