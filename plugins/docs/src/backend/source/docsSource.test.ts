import { describe, expect, it } from 'vitest';
import type { Entity } from '@callboard/catalog-model';
import type { LocationSpec } from '@callboard/plugin-api/backend';
import { docsSourceOf } from './docsSource';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'inventory', annotations },
  spec: {},
});

const repoFolder = 'https://git.example.com/acme/inventory/tree/main/';
const fromRepo = (ref: string) => ({
  'backstage.io/source-location': `url:${repoFolder}`,
  'backstage.io/techdocs-ref': ref,
});

/** Records what it was asked and answers a folder URL, as the shared reader would for a forge. */
function recordingReader() {
  const calls: Array<{ base: LocationSpec; target: string; root?: string }> = [];
  return {
    calls,
    resolveTarget(base: LocationSpec, target: string, options?: { root?: string }): LocationSpec {
      calls.push({ base, target, ...(options?.root ? { root: options.root } : {}) });
      if (target.includes('..')) throw new Error(`The target ${target} leaves the repository`);
      return { type: 'url', target: `${repoFolder}${target.replace(/^\.\//, '')}` };
    },
  };
}

describe('where an entity’s docs come from', () => {
  it('reads dir: and its sloppy forms as a folder of the source location', () => {
    for (const ref of ['dir:.', 'dir:./', ' dir:. ', '.', './']) {
      const reader = recordingReader();
      expect(docsSourceOf(entity(fromRepo(ref)), reader), ref).toEqual({
        kind: 'folder',
        location: { type: 'url', target: repoFolder },
      });
      expect(reader.calls[0]?.target, ref).toBe('./');
    }
    for (const ref of ['dir:docs', 'dir:./docs/', 'docs', 'docs/']) {
      const reader = recordingReader();
      docsSourceOf(entity(fromRepo(ref)), reader);
      expect(reader.calls[0]?.target.replace(/^\.\//, ''), ref).toBe('docs/');
    }
  });

  it('takes a url: at a tree or blob URL, or at the mkdocs.yml itself, as its folder', () => {
    const reader = recordingReader();
    for (const [ref, folder] of [
      ['url:https://github.com/acme/x/tree/main/docs', 'https://github.com/acme/x/tree/main/docs/'],
      [
        'url:https://github.com/acme/x/blob/main/docs/',
        'https://github.com/acme/x/tree/main/docs/',
      ],
      [
        'url:https://github.com/acme/x/blob/main/mkdocs.yml',
        'https://github.com/acme/x/tree/main/',
      ],
      ['https://github.com/acme/x', 'https://github.com/acme/x/'],
    ] as const) {
      expect(docsSourceOf(entity({ 'backstage.io/techdocs-ref': ref }), reader), ref).toEqual({
        kind: 'folder',
        location: { type: 'url', target: folder },
      });
    }
    expect(reader.calls).toEqual([]);
  });

  it('keeps a config file location inside its folder', () => {
    const reader = recordingReader();
    docsSourceOf(
      entity({
        'backstage.io/managed-by-location': 'file:/srv/config/site/catalog-info.yaml',
        'backstage.io/techdocs-ref': 'dir:docs',
      }),
      reader,
    );
    expect(reader.calls).toEqual([
      {
        base: { type: 'file', target: '/srv/config/site/catalog-info.yaml' },
        target: 'docs/',
        root: '/srv/config/site',
      },
    ]);
  });

  it('answers a problem, never a location, for what it cannot read', () => {
    const reader = recordingReader();
    for (const [annotations, problem] of [
      [fromRepo(''), /empty/],
      [fromRepo('dir:/etc'), /relative/],
      [fromRepo('dir:C:\\docs'), /relative/],
      [fromRepo('dir:../../etc'), /leaves the folder or repository/],
      [fromRepo('github:acme/x'), /only dir:/],
      [fromRepo('url:ftp://example.com/x'), /http\(s\) URL/],
      [{ 'backstage.io/techdocs-ref': 'dir:.' }, /no source location/],
      [{ 'backstage.io/techdocs-entity': 'component:' }, /techdocs-entity/],
    ] as const) {
      const source = docsSourceOf(entity(annotations), reader);
      expect(source.kind, JSON.stringify(annotations)).toBe('problem');
      if (source.kind === 'problem') expect(source.problem).toMatch(problem);
    }
  });

  it('follows techdocs-entity, and has nothing without an annotation', () => {
    const reader = recordingReader();
    expect(
      docsSourceOf(
        entity({ 'backstage.io/techdocs-entity': 'Component:Default/Shared-Docs' }),
        reader,
      ),
    ).toEqual({ kind: 'entity', entityRef: 'component:default/shared-docs' });
    expect(docsSourceOf(entity({ 'backstage.io/techdocs-entity': 'shared' }), reader)).toEqual({
      kind: 'entity',
      entityRef: 'component:default/shared',
    });
    expect(docsSourceOf(entity({}), reader)).toEqual({ kind: 'none' });
  });
});
