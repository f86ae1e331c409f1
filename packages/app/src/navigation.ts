import type { FrontendPlugin, NavItem } from '@callboard/plugin-api/frontend';

export interface ResolvedNavItem extends NavItem {
  pluginId: string;
}

/** Every plugin's nav items, by `order` (items without one last), then plugin-list order. */
export function collectNavItems(plugins: readonly FrontendPlugin[]): ResolvedNavItem[] {
  return plugins
    .flatMap(plugin => plugin.nav.map(item => ({ ...item, pluginId: plugin.id })))
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        (a.item.order ?? Number.MAX_SAFE_INTEGER) - (b.item.order ?? Number.MAX_SAFE_INTEGER) ||
        a.index - b.index,
    )
    .map(entry => entry.item);
}

/** Whether a nav item pointing at `to` is the current page or one of its sub-pages. */
export function isNavItemActive(to: string, pathname: string): boolean {
  if (to === '/') {
    return pathname === '/';
  }
  const base = to.endsWith('/') ? to.slice(0, -1) : to;
  return pathname === base || pathname.startsWith(`${base}/`);
}
