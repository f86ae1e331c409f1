import { definePlugin, lazyNamed } from '@callboard/plugin-api/frontend';
import { searchPluginId } from '../common';
import { HeaderSearch } from './HeaderSearch';

/**
 * Search in the browser: the `/search` page and the header's box. The box takes the one-place
 * `header.search` slot with order 10, below the catalog's 100, so the catalog's name box shows
 * only where this plugin is not installed.
 */
export const searchPlugin = definePlugin({
  id: searchPluginId,
  routes: [{ path: '/search', component: lazyNamed(() => import('./SearchPage'), 'SearchPage') }],
  contributions: {
    // Not lazy: the box is on every page and must not flash in.
    'header.search': [{ id: 'search.header-search', order: 10, component: HeaderSearch }],
  },
});
