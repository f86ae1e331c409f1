import { describe, expect, it } from 'vitest';
import {
  docsPagePath,
  docsSiteBasePath,
  normalizeUrlPath,
  routerTarget,
  siteRefOf,
} from './docsPaths';

const origin = 'http://portal.test';
const current = `${origin}/catalog/default/component/payments/docs/guide/`;
const site = { namespace: 'default', kind: 'Component', name: 'payments' };

describe('docs paths', () => {
  it('spells page addresses as MkDocs directory URLs', () => {
    expect(normalizeUrlPath('')).toBe('');
    expect(normalizeUrlPath('/')).toBe('');
    expect(normalizeUrlPath('guides/setup')).toBe('guides/setup/');
    expect(normalizeUrlPath('guides/setup/')).toBe('guides/setup/');
  });

  it('builds the reader route with a lower-case kind', () => {
    expect(docsSiteBasePath(site)).toBe('/docs/default/component/payments');
    expect(docsPagePath('/docs/default/component/payments', 'guides/setup', 'install')).toBe(
      '/docs/default/component/payments/guides/setup/#install',
    );
    expect(docsPagePath('/catalog/default/component/payments/docs', '')).toBe(
      '/catalog/default/component/payments/docs/',
    );
  });

  it('splits an entity ref into the parts of its route', () => {
    expect(siteRefOf('component:default/payments')).toEqual({
      kind: 'component',
      namespace: 'default',
      name: 'payments',
    });
    expect(siteRefOf('not a ref')).toBeUndefined();
  });
});

describe('a click on a link in a page', () => {
  const tab = '/catalog/default/component/payments/docs';

  it('stays under the base path for pages of the site being read', () => {
    expect(
      routerTarget('/docs/default/component/payments/guide/#setup', current, [site], tab),
    ).toBe(`${tab}/guide/#setup`);
    expect(routerTarget(`${origin}/docs/default/Component/payments`, current, [site], tab)).toBe(
      `${tab}/`,
    );
  });

  it('goes through the router for other pages of the portal', () => {
    expect(routerTarget('/docs/default/component/other/', current, [site], tab)).toBe(
      '/docs/default/component/other/',
    );
    expect(routerTarget('/catalog/default/group/team-a', current, [site], tab)).toBe(
      '/catalog/default/group/team-a',
    );
  });

  it('keeps an anchor on the page it is on', () => {
    expect(routerTarget('#setup', current, [site], tab)).toBe(`${tab}/guide/#setup`);
  });

  it('leaves files, other origins and other schemes to the browser', () => {
    const file = '/api/docs/sites/default/component/payments/files/img/a.png';
    expect(routerTarget(file, current, [site], tab)).toBeUndefined();
    expect(routerTarget('https://example.com/x', current, [site], tab)).toBeUndefined();
    expect(routerTarget('mailto:team@example.com', current, [site], tab)).toBeUndefined();
  });
});
