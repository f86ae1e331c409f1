import { describe, expect, it } from 'vitest';
import {
  getCompoundEntityRef,
  isSameEntityRef,
  parseEntityRef,
  safeParseEntityRef,
  stringifyEntityRef,
} from './ref';

describe('parseEntityRef', () => {
  it('parses the full form', () => {
    expect(parseEntityRef('component:ns/my-service')).toEqual({
      kind: 'component',
      namespace: 'ns',
      name: 'my-service',
    });
  });

  it('fills a missing kind and namespace from the context, namespace falling back to default', () => {
    expect(parseEntityRef('team-a', { defaultKind: 'Group' })).toEqual({
      kind: 'Group',
      namespace: 'default',
      name: 'team-a',
    });
    expect(parseEntityRef('team-a', { defaultKind: 'Group', defaultNamespace: 'ops' })).toEqual({
      kind: 'Group',
      namespace: 'ops',
      name: 'team-a',
    });
    expect(
      parseEntityRef('other/team-a', { defaultKind: 'Group', defaultNamespace: 'ops' }),
    ).toEqual({
      kind: 'Group',
      namespace: 'other',
      name: 'team-a',
    });
  });

  it('keeps the letter case as written', () => {
    expect(parseEntityRef('Group:Ops/Team-A')).toEqual({
      kind: 'Group',
      namespace: 'Ops',
      name: 'Team-A',
    });
  });

  it('treats a colon after the first slash as part of the name', () => {
    expect(parseEntityRef('default/a:b', { defaultKind: 'Component' })).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'a:b',
    });
    expect(parseEntityRef('k:ns/a:b')).toEqual({ kind: 'k', namespace: 'ns', name: 'a:b' });
  });

  it('splits at the first colon and the first slash only', () => {
    expect(parseEntityRef('a:b:c')).toEqual({ kind: 'a', namespace: 'default', name: 'b:c' });
    expect(parseEntityRef('a:b/c/d')).toEqual({ kind: 'a', namespace: 'b', name: 'c/d' });
  });

  it.each([
    ['group:', 'name'],
    [':team-a', 'kind'],
    ['group:/team-a', 'namespace'],
    ['group:ns/', 'name'],
    ['/team-a', 'namespace'],
    ['x/', 'name'],
  ])('rejects %j, whose %s is present but empty', (ref, part) => {
    const result = safeParseEntityRef(ref, { defaultKind: 'Group' });
    expect(result).toMatchObject({ ok: false, reason: 'empty-part', part });
    expect(() => parseEntityRef(ref, { defaultKind: 'Group' })).toThrow(TypeError);
  });

  it('requires a kind when the context has none', () => {
    expect(safeParseEntityRef('my-db')).toMatchObject({ ok: false, reason: 'missing-kind' });
    expect(() => parseEntityRef('my-db')).toThrow(/has no kind/);
  });

  it('rejects an empty ref and values that are not refs', () => {
    expect(safeParseEntityRef('')).toMatchObject({ ok: false, reason: 'empty' });
    expect(safeParseEntityRef(5)).toMatchObject({ ok: false, reason: 'not-a-ref' });
    expect(safeParseEntityRef(['a'])).toMatchObject({ ok: false, reason: 'not-a-ref' });
    expect(safeParseEntityRef({ kind: 5, name: 'x' })).toMatchObject({
      ok: false,
      reason: 'not-a-ref',
    });
  });

  it('accepts the compound object form, filling in missing parts', () => {
    expect(parseEntityRef({ kind: 'Component', namespace: 'ns', name: 'a' })).toEqual({
      kind: 'Component',
      namespace: 'ns',
      name: 'a',
    });
    expect(parseEntityRef({ name: 'a' }, { defaultKind: 'User' })).toEqual({
      kind: 'User',
      namespace: 'default',
      name: 'a',
    });
    expect(safeParseEntityRef({ kind: 'User', name: '' })).toMatchObject({
      ok: false,
      reason: 'missing-name',
    });
    expect(safeParseEntityRef({ kind: 'User', namespace: '', name: 'a' })).toMatchObject({
      ok: false,
      reason: 'missing-namespace',
    });
  });
});

describe('stringifyEntityRef', () => {
  it('lower-cases all three parts', () => {
    expect(stringifyEntityRef({ kind: 'Component', namespace: 'My-NS', name: 'Petstore' })).toBe(
      'component:my-ns/petstore',
    );
  });

  it('defaults the namespace and accepts entities', () => {
    expect(stringifyEntityRef({ kind: 'Group', name: 'Team-A' })).toBe('group:default/team-a');
    expect(
      stringifyEntityRef({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name: 'Pets' },
      }),
    ).toBe('api:default/pets');
  });

  it('round-trips through parseEntityRef', () => {
    const ref = 'resource:ops/artists-db';
    expect(stringifyEntityRef(parseEntityRef(ref))).toBe(ref);
  });
});

describe('getCompoundEntityRef', () => {
  it('keeps case and defaults the namespace', () => {
    expect(
      getCompoundEntityRef({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'Svc' },
      }),
    ).toEqual({ kind: 'Component', namespace: 'default', name: 'Svc' });
  });
});

describe('isSameEntityRef', () => {
  it('compares case-insensitively', () => {
    expect(isSameEntityRef('Component:Default/Petstore', 'component:default/petstore')).toBe(true);
    expect(isSameEntityRef({ kind: 'group', name: 'A' }, 'group:default/a')).toBe(true);
  });

  it('applies the context to shorthand refs', () => {
    expect(isSameEntityRef('team-a', 'group:default/team-a', { defaultKind: 'Group' })).toBe(true);
    expect(isSameEntityRef('team-a', 'group:ops/team-a', { defaultKind: 'Group' })).toBe(false);
  });

  it('compares entities by their ref', () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'Jane' },
    };
    expect(isSameEntityRef(entity, 'user:jane')).toBe(true);
  });

  it('treats unparseable refs as equal to nothing', () => {
    expect(isSameEntityRef('group:', 'group:')).toBe(false);
    expect(isSameEntityRef('a', 'a')).toBe(false);
  });
});

describe('compatibility with Backstage', () => {
  const refs = [
    'a',
    'k:a',
    'ns/a',
    'k:ns/a',
    'K:NS/A',
    'default/a:b',
    'a:b:c',
    'a:b/c/d',
    'a/b/c',
    'a/b:c',
    ':a',
    'k:',
    'k:/a',
    'k:ns/',
    '/a',
    'a/',
    '/',
    ':',
    '',
    ' ',
    'k: a',
    'group:default/team-a',
    'ä:ö/ü',
  ];
  const contexts = [
    undefined,
    { defaultKind: 'Group' },
    { defaultKind: 'Group', defaultNamespace: 'ops' },
    { defaultNamespace: '' },
  ];

  it.each(refs)('parses %j exactly like @backstage/catalog-model', async ref => {
    const backstage = await import('@backstage/catalog-model');
    for (const context of contexts) {
      let expected: unknown;
      try {
        expected = backstage.parseEntityRef(ref, context);
      } catch {
        expected = 'throws';
      }
      const result = safeParseEntityRef(ref, context);
      expect(result.ok ? result.ref : 'throws').toEqual(expected);
      if (result.ok) {
        expect(stringifyEntityRef(result.ref)).toBe(backstage.stringifyEntityRef(result.ref));
      }
    }
  });
});
