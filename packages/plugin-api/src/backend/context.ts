import type { Router } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Duration } from '../common/duration';
import type { RepositoryReader } from './repositoryReader';

/** Read access to the whole merged app-config, for keys shared between plugins (`integrations`, `backend.*`). */
export interface RootConfig {
  /** The merged value at a dotted path (`backend.baseUrl`), or undefined. */
  get(path: string): unknown;
  /** The value at `path`, validated; a bad value throws a `ConfigError` naming the exact key. */
  read<T>(path: string, schema: z.ZodType<T>): T;
  /**
   * The folder of the config file that supplied the value at `path`, so relative file paths in
   * config resolve against the file they were written in (not the process's working directory).
   */
  originDir(path: string): string;
}

/** The plugin's database handle. It owns only tables named `<id>_*`. */
export interface PluginDatabase {
  readonly knex: Knex;
  /**
   * For reads that serve requests: connections apart from the writers' (on PostgreSQL), so a
   * reader never waits for a long write transaction to give one back. The same as `knex` on
   * PGlite. Never write through it.
   */
  readonly readKnex: Knex;
  /** `pglite` (embedded, one connection: always use the transaction you were given) or `pg`. */
  readonly engine: 'pglite' | 'pg';
  /**
   * Subscribes to a PostgreSQL NOTIFY channel, scoped to this plugin. Replicas use it to wake
   * each other instead of polling. Returns an unsubscribe function.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Sends a NOTIFY on a channel scoped to this plugin; inside `trx` it is delivered on commit. */
  notify(channel: string, payload?: string, trx?: Knex.Transaction): Promise<void>;
}

export interface ScheduledTask {
  /** Unique within the plugin; the lease row is `<pluginId>.<id>`. */
  id: string;
  /** Time between the end of one run and the start of the next. */
  frequency: Duration;
  /** A run longer than this is aborted and its lease may be taken by another replica. */
  timeout: Duration;
  /** Delay before the first run after boot (default: none). */
  initialDelay?: Duration;
  run(signal: AbortSignal): Promise<void>;
}

/**
 * Runs tasks on a schedule. Runs are leased through the database, so with several replicas
 * on one PostgreSQL exactly one of them runs a given task at a time.
 */
export interface PluginScheduler {
  schedule(task: ScheduledTask): Promise<void>;
  /** Makes a scheduled task due now and wakes the replicas. */
  triggerNow(taskId: string): Promise<void>;
}

/**
 * A kind of lease a plugin hands out to replicas: rows claimed with an owner (this replica's
 * `instance.id`) and an expiry. Registered with the backend, which reports who holds what and
 * gives the leases of a replica that stopped back to the others at once, instead of after the
 * expiry.
 */
export interface LeaseKind {
  /** Unique within the plugin (`refresh`); reported as `<pluginId>.<id>`. */
  id: string;
  /** Leases held now (not expired), counted by owner. */
  countByOwner(): Promise<ReadonlyMap<string, number>>;
  /**
   * Gives back every lease these owners hold, so that another replica takes the work now.
   * Called for replicas whose heartbeat stopped, and for this one when it shuts down. Must be
   * safe to call twice (two survivors may both notice the same death). Returns how many it freed.
   */
  release(owners: readonly string[]): Promise<number>;
}

/** A replica that is alive (its heartbeat is fresh), and the leases it holds. */
export interface ReplicaState {
  id: string;
  host: string;
  pid: number;
  version: string;
  startedAt: Date;
  heartbeatAt: Date;
  /** Leases held, by `<pluginId>.<lease kind id>`; kinds it holds none of are absent. */
  leases: Record<string, number>;
}

/** This replica of the backend, as plugins see it. */
export interface PluginInstance {
  /**
   * Unique per process, the same for every plugin: write it as the owner of any lease, so that
   * the backend can tell which leases died with a replica.
   */
  readonly id: string;
  /** Registers a kind of lease this plugin hands out (call it in setup). */
  registerLeases(kind: LeaseKind): void;
  /** The replicas alive now, this one included, each with the leases it holds. */
  replicas(): Promise<ReplicaState[]>;
}

export interface Lifecycle {
  /**
   * Runs once every plugin is set up, before the backend reports ready: start background work
   * here, so that it sees the kinds and APIs of plugins started after this one.
   */
  onStarted(hook: () => Promise<void> | void): void;
  /** Runs on SIGTERM/SIGINT or server close, in reverse order of registration. */
  onShutdown(hook: () => Promise<void> | void): void;
}

export interface PluginContext<TConfig> {
  readonly pluginId: string;
  /** This plugin's block of app-config (`<id>:`), validated by its `configSchema`. */
  readonly config: TConfig;
  readonly rootConfig: RootConfig;
  readonly logger: Logger;
  readonly database: PluginDatabase;
  /** Mounted at `/api/<id>`; JSON bodies are already parsed. */
  readonly router: Router;
  readonly scheduler: PluginScheduler;
  readonly lifecycle: Lifecycle;
  /** This replica: its id (the owner of its leases) and the replicas alive beside it. */
  readonly instance: PluginInstance;
  /** The public URL of the backend (`backend.baseUrl`), without a trailing slash. */
  readonly baseUrl: string;
  /**
   * Reads repositories, files and URLs with the backend's one configuration (`backend.reading`,
   * `integrations`): allow-list, private-address refusal, credentials, size and time limits.
   * Shared by every plugin (one checkout cache); the backend closes it on shutdown.
   */
  readonly reader: RepositoryReader;
}
