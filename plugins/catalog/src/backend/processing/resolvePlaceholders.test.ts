import { describe, expect, it } from 'vitest';
import type { RepositoryReader, LocationSpec } from '@callboard/plugin-api/backend';
import { resolvePlaceholders } from './resolvePlaceholders';

/** A reader whose files are the given bytes, by target. */
function fakeReader(files: Record<string, Buffer>): RepositoryReader {
  const reader: Partial<RepositoryReader> = {
    resolveTarget: (_base: LocationSpec, target: string) => ({ type: 'url', target }),
    async readFile(location) {
      const content = files[location.target];
      if (!content) throw new Error(`no file ${location.target}`);
      return { location, content };
    },
  };
  return reader as RepositoryReader;
}

const base: LocationSpec = {
  type: 'url',
  target: 'https://git.example.com/repo/catalog-info.yaml',
};

describe('resolvePlaceholders', () => {
  it('resolves $text, $json and $yaml', async () => {
    const reader = fakeReader({
      'a.txt': Buffer.from('\uFEFFhello é'),
      'b.json': Buffer.from('{"x":[1]}'),
      'c.yaml': Buffer.from('x: [1]\n'),
    });
    const result = await resolvePlaceholders(
      { spec: { text: { $text: 'a.txt' }, json: { $json: 'b.json' }, yaml: { $yaml: 'c.yaml' } } },
      { reader, base },
    );
    expect(result).toEqual({
      value: { spec: { text: 'hello é', json: { x: [1] }, yaml: { x: [1] } } },
      problems: [],
    });
  });

  it('refuses a file that is not UTF-8, or nested too deep, naming the field', async () => {
    const depth = 10_000;
    const reader = fakeReader({
      'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]),
      'deep.json': Buffer.from('['.repeat(depth) + ']'.repeat(depth)),
      'deep.yaml': Buffer.from(`x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`),
    });
    const result = await resolvePlaceholders(
      {
        spec: {
          text: { $text: 'latin1.txt' },
          json: { $json: 'deep.json' },
          yaml: { $yaml: 'deep.yaml' },
        },
      },
      { reader, base },
    );
    expect(result.problems.map(problem => problem.message)).toEqual([
      'spec.text: could not resolve $text "latin1.txt": latin1.txt is not valid UTF-8: the first invalid byte sequence is at byte offset 3; the file was not read',
      'spec.json: could not resolve $json "deep.json": deep.json is nested deeper than 100 levels',
      'spec.yaml: could not resolve $yaml "deep.yaml": nested deeper than 100 levels at line 1',
    ]);
  });
});
