import { describe, expect, it } from 'vitest';
import type { Entity } from '@callboard/catalog-model';
import { buildSearchRows } from './buildSearchRows';

const base = (extra: Partial<Entity> & { metadata?: Entity['metadata'] } = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  ...extra,
  metadata: { name: 'Svc', namespace: 'default', uid: 'u-1', etag: 'e-1', ...extra.metadata },
});

const rowsOf = (entity: Entity) =>
  buildSearchRows(entity).map(row => [row.key, row.value, row.original_value]);

describe('buildSearchRows', () => {
  it('flattens leaves to lower-cased dot paths and keeps the original casing', () => {
    const rows = rowsOf(
      base({
        spec: { type: 'Service', Owner: 'Team-A', replicas: 3, managed: true, nothing: null },
      }),
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        ['apiversion', 'backstage.io/v1alpha1', 'backstage.io/v1alpha1'],
        ['kind', 'component', 'Component'],
        ['spec.type', 'service', 'Service'],
        ['spec.owner', 'team-a', 'Team-A'],
        ['spec.replicas', '3', '3'],
        ['spec.managed', 'true', 'true'],
        ['spec.nothing', null, null],
        ['metadata.name', 'svc', 'Svc'],
        ['metadata.namespace', 'default', 'default'],
        ['metadata.uid', 'u-1', 'u-1'],
      ]),
    );
    expect(rows.map(([key]) => key)).not.toContain('metadata.etag');
  });

  it('repeats the key for array items and adds key.item = true for strings', () => {
    const rows = rowsOf(
      base({
        metadata: { name: 'svc', tags: ['Java', 'go', 'java'] },
        spec: { ports: [80, 443], links: [{ url: 'https://a' }, { url: 'https://b' }] },
      }),
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        ['metadata.tags', 'java', 'Java'],
        ['metadata.tags', 'go', 'go'],
        ['metadata.tags.java', 'true', 'true'],
        ['metadata.tags.go', 'true', 'true'],
        ['spec.ports', '80', '80'],
        ['spec.ports', '443', '443'],
        ['spec.links.url', 'https://a', 'https://a'],
        ['spec.links.url', 'https://b', 'https://b'],
      ]),
    );
    // `Java` and `java` are one (key, value): the first spelling wins, and the item key once.
    expect(rows.filter(([key]) => key === 'metadata.tags')).toHaveLength(2);
    expect(rows.filter(([key]) => key === 'metadata.tags.java')).toHaveLength(1);
    expect(rows.filter(([key]) => key === 'spec.ports.80')).toHaveLength(0);
  });

  it('indexes relations by type, and skips relations, status and attachments as data', () => {
    const rows = rowsOf({
      ...base(),
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/team-a' },
        { type: 'partOf', targetRef: 'system:default/sys' },
      ],
      status: { items: [{ type: 't', level: 'error', message: 'boom' }] },
      attachments: [{ a: 1 }],
    } as Entity);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['relations.ownedby', 'group:default/team-a', 'group:default/team-a'],
        ['relations.partof', 'system:default/sys', 'system:default/sys'],
      ]),
    );
    const keys = rows.map(([key]) => key as string);
    expect(
      keys.filter(key => /^(status|attachments|relations\.(type|targetref))/.test(key)),
    ).toEqual([]);
  });

  it('adds the default namespace when there is none', () => {
    const rows = rowsOf({ apiVersion: 'v1', kind: 'Group', metadata: { name: 'g' } });
    expect(rows).toContainEqual(['metadata.namespace', 'default', 'default']);
    expect(rows.filter(([key]) => key === 'metadata.namespace')).toHaveLength(1);
  });

  it('indexes values longer than 200 characters as null and drops keys longer than 200', () => {
    const long = 'A'.repeat(201);
    const rows = rowsOf(
      base({
        metadata: { name: 'svc', description: long, annotations: { ['k'.repeat(200)]: 'v' } },
        spec: { exact: 'b'.repeat(200) },
      }),
    );
    expect(rows).toContainEqual(['metadata.description', null, null]);
    expect(rows).toContainEqual(['spec.exact', 'b'.repeat(200), 'b'.repeat(200)]);
    expect(rows.some(([key]) => (key as string).startsWith('metadata.annotations.'))).toBe(false);
  });

  it('keeps annotation keys with dots and slashes as they are, lower-cased', () => {
    const rows = rowsOf(
      base({
        metadata: {
          name: 'svc',
          annotations: { 'Backstage.io/Source-Location': 'url:https://X/' },
        },
      }),
    );
    expect(rows).toContainEqual([
      'metadata.annotations.backstage.io/source-location',
      'url:https://x/',
      'url:https://X/',
    ]);
  });

  it('never emits NUL characters, which PostgreSQL text cannot store', () => {
    const rows = rowsOf(base({ spec: { 'we\u0000ird': 'a\u0000b' } }));
    expect(rows).toContainEqual(['spec.weird', 'ab', 'ab']);
  });

  it('never emits lone surrogates, which the JSON the rows are sent in cannot carry', () => {
    const rows = rowsOf(base({ spec: { 'odd\ud800': 'A\udc00b' } }));
    expect(rows).toContainEqual(['spec.odd\ufffd', 'a\ufffdb', 'A\ufffdb']);
  });
});
