import { describe, expect, it } from 'vitest';
import type { Entity } from '@callboard/catalog-model';
import {
  entityPagePath,
  entityRefFromPath,
  entityRefPath,
  humanizeEntityRef,
  toCompoundRef,
} from './entityRoutes';

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'ops' },
};

describe('entity routes', () => {
  it('builds Backstage-shaped page paths from entities, refs and parts, escaping each part', () => {
    expect(entityPagePath(payments)).toBe('/catalog/ops/component/payments');
    expect(entityPagePath('API:default/pet store', 'definition')).toBe(
      '/catalog/default/api/pet%20store/definition',
    );
    expect(entityPagePath({ kind: 'Group', namespace: 'a/b', name: 'x?y' })).toBe(
      '/catalog/a%2Fb/group/x%3Fy',
    );
  });

  it('gives no path for a ref that does not parse, and fills defaults for one that does', () => {
    expect(entityRefPath('not a ref:')).toBeUndefined();
    expect(entityRefPath('team-a', { defaultKind: 'group' })).toBe('/catalog/default/group/team-a');
    expect(() => toCompoundRef('no-kind')).toThrow(/kind/);
  });

  it('reads a page URL back into the full, lower-case ref', () => {
    expect(entityRefFromPath({ namespace: 'Ops', kind: 'component', name: 'Payments' })).toBe(
      'component:ops/payments',
    );
  });

  it('humanizes refs: the expected kind and the home namespace go, anything else stays', () => {
    expect(humanizeEntityRef('group:default/team-a', { defaultKind: 'Group' })).toBe('team-a');
    expect(humanizeEntityRef('group:default/team-a')).toBe('group:team-a');
    expect(humanizeEntityRef(payments, { defaultKind: 'component' })).toBe('ops/payments');
    expect(humanizeEntityRef('user:sales/ann', { defaultNamespace: 'sales' })).toBe('user:ann');
    expect(humanizeEntityRef('::broken')).toBe('::broken');
  });
});
