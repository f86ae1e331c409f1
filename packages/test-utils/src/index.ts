export {
  chromiumPath,
  chromiumSkipReason,
  openBrowser,
  screenshotDir,
  type TestBrowser,
} from './browser';
export { isCi, skipReason } from './requirement';
export { corpusDir, corpusPath, corpusSkipReason, corpusVariable } from './corpus';
export { startTestServer, type TestServer, type TestServerOptions } from './startTestServer';
export {
  createTestDatabase,
  engineSkipReason,
  testEngines,
  testLogger,
  type TestDatabase,
  type TestEngine,
} from './testDatabase';
export { startBackendProcess, type BackendProcess } from './backendProcess';
export {
  connectionFor,
  pgTestDatabasePrefix,
  timestampedName,
  withAdminClient,
} from './postgresServer';
export { unusedPgDatabase, type UnusedPgDatabase } from './unusedPgDatabase';
export { pluginDatabaseOf } from './pluginDatabase';
export { repositoryRoot } from '@callboard/backend';
export {
  startGitServer,
  type GitServerOptions,
  type RepositoryFiles,
  type TestGitServer,
  type TestRepository,
} from './gitServer';
export { startStaticServer, type StaticResponse, type TestStaticServer } from './staticServer';
export { eventually } from './eventually';
export { gate, never, type Gate } from './gate';
