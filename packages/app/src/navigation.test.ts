import { describe, expect, it } from 'vitest';
import { definePlugin } from '@callboard/plugin-api/frontend';
import { collectNavItems, isNavItemActive } from './navigation';

describe('collectNavItems', () => {
  it('sorts by order, unordered last, ties in plugin-list order', () => {
    const a = definePlugin({
      id: 'a',
      nav: [
        { title: 'A late', to: '/a-late' },
        { title: 'A 20', to: '/a', order: 20 },
      ],
    });
    const b = definePlugin({
      id: 'b',
      nav: [
        { title: 'B 10', to: '/b', order: 10 },
        { title: 'B 20', to: '/b2', order: 20 },
        { title: 'B late', to: '/b-late' },
      ],
    });
    expect(collectNavItems([a, b]).map(item => `${item.pluginId}:${item.title}`)).toEqual([
      'b:B 10',
      'a:A 20',
      'b:B 20',
      'a:A late',
      'b:B late',
    ]);
  });
});

describe('isNavItemActive', () => {
  it('matches the page and its sub-pages, not look-alike prefixes', () => {
    expect(isNavItemActive('/catalog', '/catalog')).toBe(true);
    expect(isNavItemActive('/catalog', '/catalog/default/component/x')).toBe(true);
    expect(isNavItemActive('/catalog/', '/catalog')).toBe(true);
    expect(isNavItemActive('/catalog', '/catalogue')).toBe(false);
  });

  it('marks Home active on / only', () => {
    expect(isNavItemActive('/', '/')).toBe(true);
    expect(isNavItemActive('/', '/about')).toBe(false);
  });
});
