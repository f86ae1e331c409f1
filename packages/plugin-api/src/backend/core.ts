import type { KindRegistry } from '@callboard/catalog-model';
import type { ReplicaState } from './context';

/** What the scheduler knows about one task, across all replicas. */
export interface ScheduledTaskRecord {
  /** `<pluginId>.<taskId>` */
  id: string;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  lastDurationMs: number | null;
  lastError: string | null;
  /** The instance holding the lease while a run is in progress. */
  leasedBy: string | null;
}

/** Facts about the running backend, for plugins that report on it. */
export interface BackendInfo {
  readonly version: string;
  /** Unique per process; replicas tell each other apart by it (lease owners). */
  readonly instanceId: string;
  readonly startedAt: Date;
  readonly engine: 'pglite' | 'pg';
  databaseServerVersion(): Promise<string>;
  pluginIds(): readonly string[];
  scheduledTasks(): Promise<ScheduledTaskRecord[]>;
  /** The replicas alive now (this one included) and the leases each holds. */
  replicas(): Promise<ReplicaState[]>;
}

/**
 * The entity kinds the catalog accepts: the core kinds plus those declared by every plugin
 * started so far. Read it when validating (not once at setup), so plugins started later count.
 */
export interface EntityKinds {
  registry(): KindRegistry;
}

/** Services of the composition root that the plugin list may hand to plugins. */
export interface CoreServices {
  readonly info: BackendInfo;
  readonly kinds: EntityKinds;
}
