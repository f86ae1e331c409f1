export { versionsPlugin, type VersionsApi } from './versionsPlugin';
export type { VersionsCatalog } from './versionsCatalog';
