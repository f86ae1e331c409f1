import type { PluginMigration } from '@callboard/plugin-api/backend';
import { replicaMigrations } from '../replicas/replicaMigrations';
import { schedulerMigrations } from '../scheduler/schedulerMigrations';

/** The backend's own tables; it migrates them as the pseudo-plugin `backend`. */
export const coreMigrations: PluginMigration[] = [...schedulerMigrations, ...replicaMigrations];
