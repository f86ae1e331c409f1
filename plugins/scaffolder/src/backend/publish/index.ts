export { createPublishTargets, type CreatePublishTargetsOptions } from './createPublishTargets';
export { createGitRepositoryRouter, type GitRepositoryRouterOptions } from './gitRepositoryRouter';
export { isFolderPublishTarget, type FolderPublishTarget } from './folderTarget';
export type { GitPublishTarget } from './gitTarget';
export type { PreparedRepository, PublishRequest, PublishTarget } from './PublishTarget';
