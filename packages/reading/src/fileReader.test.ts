import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { closeTestReaders, testReader, texts } from './test/testReader';

describe('reading files', () => {
  const root = mkdtempSync(join(tmpdir(), 'callboard-file-reader-'));
  const path = (relative: string) => join(root, relative);
  let reader: RepositoryReader;

  beforeAll(() => {
    const files: Record<string, string> = {
      'catalog-info.yaml': 'kind: System\n',
      'teams/b/catalog-info.yaml': 'kind: Group\n',
      'teams/a/catalog-info.yaml': 'kind: Group\n',
      'teams/a/deep/er/catalog-info.yaml': 'kind: User\n',
      'teams/.hidden/catalog-info.yaml': 'kind: User\n',
      'big.yaml': 'x'.repeat(2000),
      'skeleton/.gitignore': 'node_modules\n',
      'skeleton/.github/ci.yaml': 'on: push\n',
      'skeleton/README.md': '# hi\n',
    };
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(path(name)), { recursive: true });
      writeFileSync(path(name), content);
    }
    reader = testReader({ catalog: { reading: { maxFileBytes: 1000, maxFiles: 3 } } });
  });
  afterAll(async () => {
    await closeTestReaders();
    rmSync(root, { recursive: true, force: true });
  });

  it('reads a file, with a content hash as the version', async () => {
    const result = await reader.readLocation({ type: 'file', target: path('catalog-info.yaml') });
    expect(texts(result)).toEqual([[path('catalog-info.yaml'), 'kind: System\n']]);
    expect(result.version).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reads what a glob matches, sorted, without dot folders, within maxFiles', async () => {
    const result = await reader.readLocation({
      type: 'file',
      target: path('teams/**/catalog-info.yaml'),
    });
    expect(result.files.map(file => file.location.target)).toEqual([
      path('teams/a/catalog-info.yaml'),
      path('teams/a/deep/er/catalog-info.yaml'),
      path('teams/b/catalog-info.yaml'),
    ]);
    await expect(
      reader.readLocation({ type: 'file', target: path('**/catalog-info.yaml') }),
    ).rejects.toThrow(/matches 4 files, more than 3 \(catalog\.reading\.maxFiles\)/);
    const none = await reader.readLocation({ type: 'file', target: path('nothing/*.yaml') });
    expect(none.files).toEqual([]);
  });

  it('includes dotfiles and dot folders in a glob only when asked to', async () => {
    const target = path('skeleton/**');
    const plain = await reader.readLocation({ type: 'file', target });
    expect(plain.files.map(file => file.location.target)).toEqual([path('skeleton/README.md')]);
    const dotted = await reader.readLocation({ type: 'file', target }, { dot: true });
    expect(texts(dotted)).toEqual([
      [path('skeleton/.github/ci.yaml'), 'on: push\n'],
      [path('skeleton/.gitignore'), 'node_modules\n'],
      [path('skeleton/README.md'), '# hi\n'],
    ]);
  });

  it('reports missing files, folders, big files and relative paths', async () => {
    await expect(
      reader.readLocation({ type: 'file', target: path('missing.yaml') }),
    ).rejects.toThrow(NotFoundError);
    await expect(reader.readLocation({ type: 'file', target: path('teams') })).rejects.toThrow(
      /is a folder/,
    );
    await expect(reader.readLocation({ type: 'file', target: path('big.yaml') })).rejects.toThrow(
      /is 2000 bytes, over the limit of 1000 bytes \(catalog\.reading\.maxFileBytes\)/,
    );
    await expect(
      reader.readLocation({ type: 'file', target: 'teams/a/catalog-info.yaml' }),
    ).rejects.toThrow(InputError);
    await expect(
      reader.readFile({ type: 'file', target: path('teams/*/catalog-info.yaml') }),
    ).rejects.toThrow(/only one file/);
  });

  it('resolves targets next to the file, never out of the root folder', () => {
    const base = { type: 'file' as const, target: path('teams/a/catalog-info.yaml') };
    expect(reader.resolveTarget(base, '../b/catalog-info.yaml', { root })).toEqual({
      type: 'file',
      target: path('teams/b/catalog-info.yaml'),
    });
    expect(() => reader.resolveTarget(base, '../../../etc/passwd', { root })).toThrow(
      /leaves the folder/,
    );
    expect(reader.resolveTarget(base, 'https://example.com/x.yaml')).toEqual({
      type: 'url',
      target: 'https://example.com/x.yaml',
    });
    expect(reader.annotationsFor(base)).toEqual({ sourceLocation: `file:${path('teams/a')}/` });
  });
});
