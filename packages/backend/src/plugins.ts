import type { PluginList } from '@callboard/plugin-api/backend';
import { aboutPlugin } from '@callboard/plugin-about/backend';
import { catalogPlugin } from '@callboard/plugin-catalog/backend';
import { docsPlugin } from '@callboard/plugin-docs/backend';
import { scaffolderPlugin } from '@callboard/plugin-scaffolder/backend';
import { searchPlugin } from '@callboard/plugin-search/backend';
import { versionsPlugin } from '@callboard/plugin-versions/backend';
import { scaffolderCatalogOf } from './scaffolderCatalog';

/**
 * THE list of backend plugins, in start order. Dependencies between plugins are passed by hand:
 * `const catalog = await start(catalogPlugin, {}); await start(searchPlugin, { catalog });`
 */
export const plugins: PluginList = async (start, core) => {
  const catalog = await start(catalogPlugin, { kinds: core.kinds });
  await start(docsPlugin, { catalog });
  await start(scaffolderPlugin, { catalog: scaffolderCatalogOf(catalog) });
  await start(searchPlugin, { catalog, allEntityRefs: () => catalog.listEntityRefs() });
  await start(versionsPlugin, { catalog });
  await start(aboutPlugin, { info: core.info });
};
