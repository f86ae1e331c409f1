import { definePlugin, lazyNamed } from '@callboard/plugin-api/frontend';
import { searchPluginId } from '../common';
import { HeaderSearch } from './HeaderSearch';

/**
 * Search in the browser: the `/search` page and the header's box, which fills the one-place
 * `header.search` slot (it replaced the catalog's name box).
 */
export const searchPlugin = definePlugin({
  id: searchPluginId,
  routes: [{ path: '/search', component: lazyNamed(() => import('./SearchPage'), 'SearchPage') }],
  contributions: {
    // Not lazy: the box is on every page and must not flash in.
    'header.search': [{ id: 'search.header-search', order: 10, component: HeaderSearch }],
  },
});
