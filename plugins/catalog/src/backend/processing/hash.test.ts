import { describe, expect, it } from 'vitest';
import { hashOf, stableStringify } from '../database/hash';

describe('hashOf', () => {
  const entity = {
    kind: 'Component',
    apiVersion: 'backstage.io/v1alpha1',
    metadata: {
      name: 'a',
      annotations: { 'z/b': '1', 'a/c': 'ü' },
      tags: ['b', 'a'],
      skipped: undefined,
    },
    spec: { owner: null, n: 1.5, list: [{ y: 1, x: [undefined] }] },
  };

  it('is the hash earlier versions stored, so an upgrade does not rewrite every entity', () => {
    // Computed with the first implementation (a sorting JSON.stringify replacer).
    expect(hashOf(entity)).toBe('2a769c28fb67a599cdca1a19f3ea0a2437e06c26');
  });

  it('ignores key order and keeps array order', () => {
    const reordered = {
      spec: { list: [{ x: [undefined], y: 1 }], n: 1.5, owner: null },
      metadata: { tags: ['b', 'a'], annotations: { 'a/c': 'ü', 'z/b': '1' }, name: 'a' },
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
    };
    expect(hashOf(reordered)).toBe(hashOf(entity));
    expect(hashOf({ ...entity, metadata: { ...entity.metadata, tags: ['a', 'b'] } })).not.toBe(
      hashOf(entity),
    );
  });

  it('writes plain sorted JSON', () => {
    expect(stableStringify({ b: [1, undefined, { d: 1, c: 'x' }], a: undefined, A: true })).toBe(
      '{"A":true,"b":[1,null,{"c":"x","d":1}]}',
    );
  });
});
