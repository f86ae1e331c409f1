import { definePlugin, lazyNamed } from '@callboard/plugin-api/frontend';
import { IconVersions } from '@tabler/icons-react';
import { versionsPluginId } from '../common';

/**
 * Versions in the portal: `/versions` (what runs where across the organisation, drift, the latest
 * deployments), `/versions/impact` (where a range of a component's versions runs and whom to
 * warn), and the Versions tab of Components.
 */
export const versionsPlugin = definePlugin({
  id: versionsPluginId,
  routes: [
    {
      path: '/versions',
      component: lazyNamed(() => import('./VersionsOverviewPage'), 'VersionsOverviewPage'),
    },
    {
      path: '/versions/impact',
      component: lazyNamed(() => import('./VersionsImpactPage'), 'VersionsImpactPage'),
    },
  ],
  nav: [{ title: 'Versions', to: '/versions', icon: IconVersions, order: 25 }],
  contributions: {
    'entity.tabs': [
      {
        id: 'versions',
        title: 'Versions',
        path: 'versions',
        order: 30,
        if: ({ entity }) => entity.kind.toLowerCase() === 'component',
        component: lazyNamed(() => import('./VersionsTab'), 'VersionsTab'),
      },
    ],
  },
});
