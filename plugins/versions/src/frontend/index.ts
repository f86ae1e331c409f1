import { definePlugin, lazyNamed } from '@callboard/plugin-api/frontend';
import { versionsPluginId } from '../common';

/** The Versions tab of Components: what runs where, the releases, and drift in words. */
export const versionsPlugin = definePlugin({
  id: versionsPluginId,
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
