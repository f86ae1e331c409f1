import { describe, expect, it } from 'vitest';
import { definePlugin } from '@callboard/plugin-api/frontend';
import { plugins } from './plugins';
import { buildRoutes } from './routes';

const Page = () => null;

describe('buildRoutes', () => {
  it('puts home first, plugin pages next and the 404 last, under the layout', () => {
    const about = definePlugin({ id: 'about', routes: [{ path: '/about', component: Page }] });
    const [root] = buildRoutes([about]);
    const children = root?.children ?? [];
    expect(children.map(route => (route.index ? '(index)' : route.path))).toEqual([
      '(index)',
      '/about',
      '*',
    ]);
  });

  it('refuses two plugins claiming one path, naming both', () => {
    const a = definePlugin({ id: 'a', routes: [{ path: '/x', component: Page }] });
    const b = definePlugin({ id: 'b', routes: [{ path: '/x', component: Page }] });
    expect(() => buildRoutes([a, b])).toThrow(/"b".*\/x.*"a"/);
  });

  it('refuses a plugin taking over the home page', () => {
    const a = definePlugin({ id: 'a', routes: [{ path: '/', component: Page }] });
    expect(() => buildRoutes([a])).toThrow(/home page/);
  });

  it('builds from the app plugin list (no two plugins claim a path)', () => {
    expect(() => buildRoutes(plugins)).not.toThrow();
  });
});
