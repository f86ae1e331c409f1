import type { PluginMigration } from '@callboard/plugin-api/backend';
import { createVersionsTables } from './20261207220000_create_versions_tables';

/** One file per migration, applied in name order. */
export const versionsMigrations: readonly PluginMigration[] = [createVersionsTables];
