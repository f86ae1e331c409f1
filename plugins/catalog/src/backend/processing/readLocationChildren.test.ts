import { describe, expect, it } from 'vitest';
import type { Entity } from '@callboard/catalog-model';
import type { RepositoryReader, LocationSpec, ReadFile } from '@callboard/plugin-api/backend';
import { readLocationChildren } from './readLocationChildren';
import { createCatalogRules } from './rules';

const component = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n`;

const location: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Location',
  metadata: { name: 'repo', annotations: {} },
  spec: { type: 'url', target: 'https://git.example.com/repo/*.yaml' },
};

/** A reader that returns the given files, or throws the given error, for any target. */
function fakeReader(result: { files?: Record<string, Buffer>; error?: Error }): RepositoryReader {
  const reader: Partial<RepositoryReader> = {
    async readLocation() {
      if (result.error) throw result.error;
      const files: ReadFile[] = Object.entries(result.files ?? {}).map(([target, content]) => ({
        location: { type: 'url', target },
        content,
      }));
      return { files };
    },
    annotationsFor: () => ({}),
    resolveTarget: (_base: LocationSpec, target: string) => ({ type: 'url', target }),
  };
  return reader as RepositoryReader;
}

function read(reader: RepositoryReader) {
  return readLocationChildren(location, {
    reader,
    rules: createCatalogRules({ configLocations: [] }),
    origin: { type: 'url', target: 'https://git.example.com/repo/*.yaml', source: 'config' },
    selfRef: 'location:default/repo',
    ancestry: new Set(),
    depth: 0,
    maxDepth: 5,
    allowFileTargets: false,
    fresh: false,
  });
}

describe('readLocationChildren', () => {
  it('refuses a file that is not UTF-8 with its byte offset, keeps what it held, reads the others', async () => {
    // `café` saved as Latin-1: one 0xE9 byte where UTF-8 has two.
    const latin1 = Buffer.from(component('cafX'));
    const offset = latin1.indexOf('X');
    latin1[offset] = 0xe9;
    const result = await read(
      fakeReader({
        files: {
          'https://git.example.com/repo/a.yaml': latin1,
          'https://git.example.com/repo/b.yaml': Buffer.from(component('fine')),
        },
      }),
    );
    expect(result.emitted.map(child => child.entityRef)).toEqual(['component:default/fine']);
    expect(result.problems).toEqual([
      {
        type: 'read',
        level: 'error',
        name: 'InputError',
        message: `url:https://git.example.com/repo/a.yaml is not valid UTF-8: the first invalid byte sequence is at byte offset ${offset}; the file was not read, and the entities read from it before are kept`,
        file: 'url:https://git.example.com/repo/a.yaml',
      },
    ]);
    expect(result.keep).toEqual(['url:https://git.example.com/repo/a.yaml']);
  });

  it('says how deep a document nests and where, instead of overflowing the stack', async () => {
    const deep = `${component('deep')}  extra: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const result = await read(
      fakeReader({ files: { 'https://git.example.com/repo/a.yaml': Buffer.from(deep) } }),
    );
    expect(result.problems).toEqual([
      {
        type: 'yaml',
        level: 'error',
        name: 'InputError',
        message: 'YAML error in document 1: nested deeper than 100 levels at line 9',
        file: 'url:https://git.example.com/repo/a.yaml',
        document: 1,
        line: 9,
      },
    ]);
  });

  it('stores no SQL, stack or server path from an error while reading', async () => {
    const database = Object.assign(
      new Error(
        'select * from catalog_locations where id = $1 - canceling statement due to statement timeout',
      ),
      { name: 'error', code: '57014', severity: 'ERROR' },
    );
    const result = await read(fakeReader({ error: database }));
    expect(result.problems.map(problem => problem.message)).toEqual([
      'Could not read url:https://git.example.com/repo/*.yaml: the database query took too long and was cancelled (SQLSTATE 57014)',
    ]);
    const internal = new Error(
      'Cannot find module /work/callboard/node_modules/yaml/dist/index.js\n    at load (/work/callboard/src/x.ts:1:2)',
    );
    const again = await read(fakeReader({ error: internal }));
    expect(again.problems.map(problem => problem.message)).toEqual([
      'Could not read url:https://git.example.com/repo/*.yaml: Cannot find module (server file)',
    ]);
  });
});
