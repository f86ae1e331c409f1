import { z } from 'zod';

/** Plugin ids are kebab-case (STYLE.md): they become URL segments, config keys and table prefixes. */
export const pluginIdSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
    'a plugin id is kebab-case, e.g. "catalog" or "tech-insights"',
  );

/** `tech-insights` owns tables named `tech_insights_*`. */
export function tablePrefixForPluginId(pluginId: string): string {
  return `${pluginId.replace(/-/g, '_')}_`;
}
