import { describe, expect, it } from 'vitest';
import { createCatalogRules, type Origin } from './rules';

const registered: Origin = {
  type: 'url',
  target: 'https://github.com/acme/x/blob/main/catalog-info.yaml',
  source: 'api',
};
const config: Origin = { type: 'file', target: '/srv/org.yaml', source: 'config' };

describe('catalog rules', () => {
  it('by default lets config locations bring any kind and registered URLs the software kinds', () => {
    const rules = createCatalogRules({ configLocations: [] });
    expect(rules.isAllowed({ kind: 'Group' }, config)).toBe(true);
    expect(rules.isAllowed({ kind: 'User' }, config)).toBe(true);
    for (const kind of [
      'Component',
      'api',
      'Location',
      'Template',
      'System',
      'Domain',
      'Resource',
    ]) {
      expect(rules.isAllowed({ kind }, registered), kind).toBe(true);
    }
    expect(rules.isAllowed({ kind: 'Group' }, registered)).toBe(false);
    expect(rules.isAllowed({ kind: 'User' }, registered)).toBe(false);
    expect(rules.describe(registered)).toBe(
      'component, api, location, template, system, domain, resource',
    );
  });

  it('replaces the default with catalog.rules, matching locations exactly or by pattern, and spec.type', () => {
    const rules = createCatalogRules({
      rules: [
        { allow: ['Component'] },
        {
          allow: ['Group', 'User'],
          locations: [{ type: 'url', pattern: 'https://github.com/ACME/**' }],
        },
        { allow: [{ kind: 'Resource', 'spec.type': 'database' }] },
      ],
      configLocations: [],
    });
    expect(rules.isAllowed({ kind: 'Group' }, registered)).toBe(true);
    expect(
      rules.isAllowed({ kind: 'Group' }, { ...registered, target: 'https://github.com/other/x' }),
    ).toBe(false);
    expect(rules.isAllowed({ kind: 'API' }, registered)).toBe(false);
    expect(rules.isAllowed({ kind: 'API' }, config)).toBe(false);
    expect(rules.isAllowed({ kind: 'Resource', spec: { type: 'Database' } }, registered)).toBe(
      true,
    );
    expect(rules.isAllowed({ kind: 'Resource', spec: { type: 's3-bucket' } }, registered)).toBe(
      false,
    );
  });

  it('applies the rules of a config location only to what originates there', () => {
    const rules = createCatalogRules({
      rules: [{ allow: ['Component'] }],
      configLocations: [
        { type: 'file', target: '/srv/org.yaml', rules: [{ allow: ['User', 'Group'] }] },
      ],
    });
    expect(rules.isAllowed({ kind: 'User' }, config)).toBe(true);
    expect(rules.isAllowed({ kind: 'User' }, { ...config, target: '/srv/other.yaml' })).toBe(false);
    expect(rules.isAllowed({ kind: 'Component' }, config)).toBe(true);
  });
});
