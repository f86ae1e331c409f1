import type { Entity } from '@callboard/catalog-model';
import { describe, expect, it } from 'vitest';
import {
  filterTemplates,
  galleryChoices,
  readGalleryState,
  summarizeTemplate,
  writeGalleryState,
} from './templateGallery';

function template(name: string, extra: Partial<Entity['metadata']>, spec: Record<string, unknown>) {
  return summarizeTemplate({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, namespace: 'default', ...extra },
    spec: { steps: [], ...spec },
  });
}

const service = template(
  'node-service',
  {
    title: 'Node.js service',
    description: 'An HTTP service in TypeScript',
    tags: ['typescript', 'express'],
  },
  { type: 'service', owner: 'team-a' },
);
const docs = template(
  'docs-site',
  { title: 'Documentation site', tags: ['docs'] },
  { type: 'website', owner: 'user:jo' },
);
const lib = template(
  'lib',
  { tags: ['typescript'] },
  { type: 'library', owner: 'group:ops/platform' },
);

describe('summarizeTemplate', () => {
  it('reads the card from the entity, owner as a full ref with Group and the namespace defaulted', () => {
    expect(service).toEqual({
      ref: 'template:default/node-service',
      namespace: 'default',
      name: 'node-service',
      title: 'Node.js service',
      description: 'An HTTP service in TypeScript',
      type: 'service',
      tags: ['typescript', 'express'],
      owner: 'group:default/team-a',
    });
    expect(docs.owner).toBe('user:default/jo');
    expect(lib.title).toBe('lib');
    expect(lib.owner).toBe('group:ops/platform');
  });

  it('prefers the stitched ownedBy relation', () => {
    const summary = summarizeTemplate({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'x', namespace: 'tools' },
      spec: { owner: 'team-b' },
      relations: [{ type: 'ownedBy', targetRef: 'group:tools/team-b' }],
    });
    expect(summary.owner).toBe('group:tools/team-b');
  });
});

describe('filterTemplates', () => {
  const all = [service, docs, lib];

  it('matches every word of the text anywhere on the card, sorted by title', () => {
    expect(filterTemplates(all, { text: '', tags: [] }).map(t => t.name)).toEqual([
      'docs-site',
      'lib',
      'node-service',
    ]);
    expect(filterTemplates(all, { text: 'http TYPESCRIPT', tags: [] }).map(t => t.name)).toEqual([
      'node-service',
    ]);
    expect(filterTemplates(all, { text: 'website', tags: [] }).map(t => t.name)).toEqual([
      'docs-site',
    ]);
  });

  it('wants every chosen tag and the chosen owner', () => {
    expect(filterTemplates(all, { text: '', tags: ['typescript'] }).map(t => t.name)).toEqual([
      'lib',
      'node-service',
    ]);
    expect(
      filterTemplates(all, { text: '', tags: ['typescript', 'express'] }).map(t => t.name),
    ).toEqual(['node-service']);
    expect(
      filterTemplates(all, { text: '', tags: [], owner: 'group:ops/platform' }).map(t => t.name),
    ).toEqual(['lib']);
  });

  it('counts the tags and owners to offer', () => {
    expect(galleryChoices(all)).toEqual({
      tags: [
        { value: 'docs', count: 1 },
        { value: 'express', count: 1 },
        { value: 'typescript', count: 2 },
      ],
      owners: [
        { value: 'group:default/team-a', count: 1 },
        { value: 'group:ops/platform', count: 1 },
        { value: 'user:default/jo', count: 1 },
      ],
    });
  });
});

describe('gallery URL state', () => {
  it('round-trips and leaves defaults out', () => {
    const state = { text: 'node', tags: ['a', 'b'], owner: 'group:default/team-a' };
    const params = writeGalleryState(state);
    expect(params.toString()).toBe('text=node&tag=a&tag=b&owner=group%3Adefault%2Fteam-a');
    expect(readGalleryState(params)).toEqual(state);
    expect(writeGalleryState({ text: '', tags: [] }).toString()).toBe('');
    expect(readGalleryState(new URLSearchParams('tag=a&tag=a&owner='))).toEqual({
      text: '',
      tags: ['a'],
      owner: undefined,
    });
  });
});
