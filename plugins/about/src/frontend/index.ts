import { definePlugin, lazyNamed } from '@callboard/plugin-api/frontend';
import { IconInfoCircle } from '@tabler/icons-react';
import { aboutPluginId } from '../common';

/** The About page: what this portal runs, and the state of its scheduled tasks. */
export const aboutPlugin = definePlugin({
  id: aboutPluginId,
  routes: [{ path: '/about', component: lazyNamed(() => import('./AboutPage'), 'AboutPage') }],
  nav: [{ title: 'About', to: '/about', icon: IconInfoCircle, order: 1000 }],
});
