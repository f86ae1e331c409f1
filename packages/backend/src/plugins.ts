import type { PluginList } from '@callboard/plugin-api/backend';
import { aboutPlugin } from '@callboard/plugin-about/backend';

/**
 * THE list of backend plugins, in start order. Dependencies between plugins are passed by hand:
 * `const catalog = await start(catalogPlugin, {}); await start(searchPlugin, { catalog });`
 */
export const plugins: PluginList = async (start, core) => {
  await start(aboutPlugin, { info: core.info });
};
