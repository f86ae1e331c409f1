import { definePlugin, lazyNamed } from '@callboard/plugin-api/frontend';
import { IconCategory, IconFileImport } from '@tabler/icons-react';
import { catalogPluginId } from '../common';
import { apiDefinitionContributions } from './apiDefinition/contributions';
import { entityPageContributions } from './entityPage/contributions';
import { graphContributions } from './graph/contributions';
import { homeContributions } from './home/contributions';

export { entityPagePath, humanizeEntityRef } from '../common';

/**
 * The catalog in the browser: the catalog table, entity pages (tabs and cards come through the
 * `entity.tabs` / `entity.cards` slots, so other plugins add theirs the same way), registering a
 * repository, and the home page widgets. Each area declares its own slot contributions.
 */
export const catalogPlugin = definePlugin({
  id: catalogPluginId,
  routes: [
    {
      path: '/catalog',
      component: lazyNamed(() => import('./catalogIndex/CatalogIndexPage'), 'CatalogIndexPage'),
    },
    {
      path: '/catalog/:namespace/:kind/:name/*',
      component: lazyNamed(() => import('./entityPage/EntityPage'), 'EntityPage'),
    },
    {
      path: '/catalog-problems',
      component: lazyNamed(() => import('./problems/CatalogProblemsPage'), 'CatalogProblemsPage'),
    },
    {
      path: '/catalog-import',
      component: lazyNamed(() => import('./import/CatalogImportPage'), 'CatalogImportPage'),
    },
  ],
  nav: [
    { title: 'Catalog', to: '/catalog', icon: IconCategory, order: 10 },
    { title: 'Register', to: '/catalog-import', icon: IconFileImport, order: 20 },
  ],
  contributions: {
    'entity.tabs': [
      ...entityPageContributions.tabs,
      ...graphContributions.tabs,
      ...apiDefinitionContributions.tabs,
    ],
    'entity.cards': [...entityPageContributions.cards, ...graphContributions.cards],
    'home.widgets': homeContributions.widgets,
  },
});
