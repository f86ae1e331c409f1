import type { z } from 'zod';
import type { KindDefinition } from '@callboard/catalog-model';
import { pluginIdSchema } from '../common/pluginId';
import type { PluginContext } from './context';
import type { CoreServices } from './core';
import type { PluginMigration } from './migrations';

export interface BackendPluginOptions<TConfig, TDeps, TApi> {
  /** kebab-case; the API lives at `/api/<id>`, config under `<id>:`, tables are `<id>_*`. */
  id: string;
  /** Validates the plugin's `<id>:` block (undefined when absent: give it a `.default(...)`). */
  configSchema?: z.ZodType<TConfig>;
  /** Applied in name order, tracked in the plugin's own `<id>_knex_migrations` table. */
  migrations?: readonly PluginMigration[];
  /**
   * Entity kinds this plugin brings to the catalog. Unknown kinds are invalid; a kind becomes
   * valid when a started plugin declares a definition that accepts it.
   */
  kinds?: readonly KindDefinition[];
  /** Wiring only: compose services and routes, return the API other plugins may use. */
  setup(context: PluginContext<TConfig>, deps: TDeps): Promise<TApi> | TApi;
}

export interface BackendPlugin<TConfig = unknown, TDeps = unknown, TApi = unknown> {
  readonly id: string;
  readonly configSchema?: z.ZodType<TConfig>;
  readonly migrations: readonly PluginMigration[];
  readonly kinds: readonly KindDefinition[];
  setup(context: PluginContext<TConfig>, deps: TDeps): Promise<TApi> | TApi;
}

/** Declares a backend plugin. The backend lists plugins explicitly in `packages/backend/src/plugins.ts`. */
export function definePlugin<TConfig = undefined, TDeps = Record<string, never>, TApi = void>(
  options: BackendPluginOptions<TConfig, TDeps, TApi>,
): BackendPlugin<TConfig, TDeps, TApi> {
  return {
    id: pluginIdSchema.parse(options.id),
    configSchema: options.configSchema,
    migrations: [...(options.migrations ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
    kinds: options.kinds ?? [],
    setup: options.setup,
  };
}

/**
 * Starts one plugin with its dependencies and returns its API. Dependencies between plugins are
 * passed by hand in the plugin list: `const catalog = await start(catalogPlugin, {});`.
 */
export type StartPlugin = <TConfig, TDeps, TApi>(
  plugin: BackendPlugin<TConfig, TDeps, TApi>,
  deps: TDeps,
) => Promise<TApi>;

/** The backend's plugin list: a function that starts each plugin in order, passing dependencies by hand. */
export type PluginList = (start: StartPlugin, core: CoreServices) => Promise<void>;

/** A plugin list for plugins without dependencies (tests, simple setups). */
export function pluginList(
  plugins: ReadonlyArray<BackendPlugin<unknown, Record<string, never>, unknown>>,
): PluginList {
  return async start => {
    for (const plugin of plugins) {
      await start(plugin, {});
    }
  };
}
