import type { ComponentType } from 'react';
import type { SlotContributions } from './slots';

/**
 * The rule of `pluginIdSchema` (common/pluginId.ts) without zod: definePlugin runs in the app's
 * first chunk, and zod there would cost about 24 kB gzip on every page. The test keeps the two
 * in step.
 */
export const pluginIdPattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A page of the app. Paths are absolute (`/catalog/:namespace/:kind/:name`); `*` suffixes allowed. */
export interface PluginRoute {
  path: string;
  /** Usually a `lazyNamed(...)` component, so each page is its own chunk. */
  component: ComponentType;
}

/** An entry in the sidebar. */
export interface NavItem {
  title: string;
  to: string;
  icon?: ComponentType<{ size?: number | string; stroke?: number }>;
  /** Lower comes first. */
  order?: number;
}

export interface FrontendPluginOptions {
  id: string;
  routes?: PluginRoute[];
  nav?: NavItem[];
  contributions?: SlotContributions;
}

export interface FrontendPlugin {
  readonly id: string;
  readonly routes: readonly PluginRoute[];
  readonly nav: readonly NavItem[];
  readonly contributions: SlotContributions;
}

/** Declares a frontend plugin. The app lists plugins explicitly in `packages/app/src/plugins.ts`. */
export function definePlugin(options: FrontendPluginOptions): FrontendPlugin {
  const id = options.id;
  if (!pluginIdPattern.test(id)) {
    throw new Error(
      `Invalid frontend plugin id "${id}": a plugin id is kebab-case, e.g. "catalog" or "tech-insights"`,
    );
  }
  return {
    id,
    routes: options.routes ?? [],
    nav: options.nav ?? [],
    contributions: options.contributions ?? {},
  };
}
