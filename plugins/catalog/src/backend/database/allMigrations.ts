import type { PluginMigration } from '@callboard/plugin-api/backend';
import { changeFeedMigrations } from './changeFeedMigrations';
import { changeNotifyMigrations } from './changeNotifyMigrations';
import { keyOrderMigrations } from './keyOrderMigrations';
import { kindSortMigrations } from './kindSortMigrations';
import { kindSortPartialMigrations } from './kindSortPartialMigrations';
import { catalogMigrations } from './migrations';
import { orphanRemovalMigrations } from './orphanRemovalMigrations';
import { queryIndexMigrations } from './queryIndexMigrations';
import { recentChangesMigrations } from './recentChangesMigrations';
import { refOrderMigrations } from './refOrderMigrations';

/** Every migration of the catalog's tables, in order: what the plugin and table-level tests use. */
export const catalogPluginMigrations: readonly PluginMigration[] = [
  ...catalogMigrations,
  ...queryIndexMigrations,
  ...recentChangesMigrations,
  ...changeNotifyMigrations,
  ...keyOrderMigrations,
  ...kindSortMigrations,
  ...refOrderMigrations,
  ...kindSortPartialMigrations,
  ...changeFeedMigrations,
  ...orphanRemovalMigrations,
];
