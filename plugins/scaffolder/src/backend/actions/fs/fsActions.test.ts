import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConflictError, InputError, NotFoundError } from '@callboard/plugin-api/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { createActionTestKit, createTestReader, type ActionTestKit } from '../test/actionTestKit';
import { listFiles } from '../test/listFiles';
import { createFsDeleteAction } from './fsDeleteAction';
import { createFsRenameAction } from './fsRenameAction';

const rename = createFsRenameAction();
const remove = createFsDeleteAction();

describe('fs:rename and fs:delete', () => {
  let reader: RepositoryReader;
  let kit: ActionTestKit;
  let outside: string;

  const write = (files: Record<string, string>) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(kit.workspace, path)), { recursive: true });
      writeFileSync(join(kit.workspace, path), content);
    }
  };

  beforeAll(() => {
    reader = createTestReader();
    kit = createActionTestKit(reader);
    outside = join(kit.root, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep.txt'), 'keep');
  });
  beforeEach(() => {
    kit.reset();
    write({
      gitignore: 'node_modules\n',
      'src/a.ts': 'a',
      'src/b.tmp': 'b',
      'docs/.draft.tmp': 'draft',
      'docs/index.md': '# docs',
      'existing.txt': 'existing',
    });
    symlinkSync(outside, join(kit.workspace, 'link'));
  });
  afterAll(async () => {
    await reader.close();
    kit.cleanup();
  });

  it('renames files and folders, creating folders on the way', async () => {
    const { logs } = await kit.run(rename, {
      files: [
        { from: 'gitignore', to: '.gitignore' },
        { from: 'src', to: 'packages/app/src' },
      ],
    });
    expect(listFiles(kit.workspace)).toEqual([
      '.gitignore',
      'docs/.draft.tmp',
      'docs/index.md',
      'existing.txt',
      'link',
      'packages/app/src/a.ts',
      'packages/app/src/b.tmp',
    ]);
    expect(logs).toEqual(['Renamed gitignore to .gitignore', 'Renamed src to packages/app/src']);
  });

  it('refuses to replace unless overwrite is set, and missing sources', async () => {
    const clash = kit.run(rename, { files: [{ from: 'gitignore', to: 'existing.txt' }] });
    await expect(clash).rejects.toThrow(ConflictError);
    await expect(clash).rejects.toThrow(/"existing.txt" exists in the workspace/);
    await kit.run(rename, { files: [{ from: 'gitignore', to: 'existing.txt', overwrite: true }] });
    expect(readFileSync(join(kit.workspace, 'existing.txt'), 'utf8')).toBe('node_modules\n');
    await expect(kit.run(rename, { files: [{ from: 'nope', to: 'x' }] })).rejects.toThrow(
      NotFoundError,
    );
    await expect(kit.run(rename, { files: [{ from: 'src', to: 'src/inner' }] })).rejects.toThrow(
      /into itself/,
    );
  });

  it('refuses renames that leave the workspace', async () => {
    const attempts: Array<[{ from: string; to: string }, RegExp]> = [
      [
        { from: 'gitignore', to: '../escaped' },
        /^Relative path "\.\.\/escaped" is not allowed to refer to a directory outside the workspace$/,
      ],
      [{ from: '../outside/keep.txt', to: 'stolen.txt' }, /outside the workspace/],
      [{ from: 'gitignore', to: '/tmp/escaped' }, /^Absolute path "\/tmp\/escaped" is not allowed/],
      [{ from: 'link/keep.txt', to: 'stolen.txt' }, /outside the workspace/],
      [{ from: 'gitignore', to: 'link/planted' }, /outside the workspace/],
      [{ from: '.', to: 'elsewhere' }, /Cannot rename/],
    ];
    for (const [file, message] of attempts) {
      const run = kit.run(rename, { files: [file] });
      await expect(run, JSON.stringify(file)).rejects.toThrow(InputError);
      await expect(run, JSON.stringify(file)).rejects.toThrow(message);
    }
    expect(listFiles(outside)).toEqual(['keep.txt']);
    expect(existsSync(join(kit.root, 'escaped'))).toBe(false);
  });

  it('deletes paths and globs, dotfiles included', async () => {
    await kit.run(remove, { files: ['**/*.tmp', 'gitignore'] });
    expect(listFiles(kit.workspace)).toEqual(['docs/index.md', 'existing.txt', 'link', 'src/a.ts']);
    await kit.run(remove, { files: ['docs', 'nothing-matches-*'] });
    expect(listFiles(kit.workspace)).toEqual(['existing.txt', 'link', 'src/a.ts']);
  });

  it('never deletes outside the workspace', async () => {
    for (const pattern of [
      '../outside/*',
      '/tmp/*',
      '../**',
      'link/*',
      'link/keep.txt',
      'l*/*',
      '**/keep.txt',
    ]) {
      await kit.run(remove, { files: [pattern] }).then(
        () => undefined,
        (error: unknown) => expect(error, pattern).toBeInstanceOf(InputError),
      );
      expect(listFiles(outside), pattern).toEqual(['keep.txt']);
    }
    await expect(kit.run(remove, { files: ['../outside/*'] })).rejects.toThrow(
      /outside the workspace/,
    );
    // Deleting the link removes the link, not what it points to.
    await kit.run(remove, { files: ['link'] });
    expect(existsSync(join(kit.workspace, 'link'))).toBe(false);
    expect(listFiles(outside)).toEqual(['keep.txt']);
  });
});
