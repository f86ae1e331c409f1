import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@callboard/plugin-api/common';
import { afterAll, describe, expect, it } from 'vitest';
import { isChildPath, resolveSafeChildPath } from './resolveSafeChildPath';

describe('resolveSafeChildPath', () => {
  const root = mkdtempSync(join(tmpdir(), 'callboard-safe-path-'));
  const workspace = join(root, 'workspace');
  const outsideDir = join(root, 'outside');
  mkdirSync(join(workspace, 'src'), { recursive: true });
  mkdirSync(outsideDir);
  writeFileSync(join(outsideDir, 'secret'), 'secret');
  symlinkSync(outsideDir, join(workspace, 'escape'));
  symlinkSync(join(workspace, 'src'), join(workspace, 'inner'));
  symlinkSync(join(outsideDir, 'missing'), join(workspace, 'dangling'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('resolves paths inside the workspace, existing or not', () => {
    expect(resolveSafeChildPath(workspace, 'src/index.ts')).toBe(join(workspace, 'src/index.ts'));
    expect(resolveSafeChildPath(workspace, 'new/deep/file.txt')).toBe(
      join(workspace, 'new/deep/file.txt'),
    );
    expect(resolveSafeChildPath(workspace, 'src/../README.md')).toBe(join(workspace, 'README.md'));
    expect(resolveSafeChildPath(workspace, '.')).toBe(workspace);
    expect(resolveSafeChildPath(workspace, '')).toBe(workspace);
    // A link that stays inside is fine; the returned path does not follow it.
    expect(resolveSafeChildPath(workspace, 'inner/file.ts')).toBe(join(workspace, 'inner/file.ts'));
  });

  it('refuses absolute paths and .. that leaves the workspace', () => {
    expect(() => resolveSafeChildPath(workspace, '/etc/passwd')).toThrow(InputError);
    expect(() => resolveSafeChildPath(workspace, '/etc/passwd')).toThrow(
      'Absolute path "/etc/passwd" is not allowed: paths are relative to the workspace',
    );
    expect(() => resolveSafeChildPath(workspace, '../x')).toThrow(
      'Relative path "../x" is not allowed to refer to a directory outside the workspace',
    );
    expect(() => resolveSafeChildPath(workspace, 'src/../../outside/secret')).toThrow(
      /outside the workspace/,
    );
    expect(() => resolveSafeChildPath(workspace, '..')).toThrow(/outside the workspace/);
    expect(() => resolveSafeChildPath(workspace, 'a\0b')).toThrow(/NUL/);
  });

  it('refuses paths through links that lead outside, or nowhere', () => {
    expect(() => resolveSafeChildPath(workspace, 'escape/secret')).toThrow(
      'Relative path "escape/secret" is not allowed to refer to a directory outside the workspace',
    );
    expect(() => resolveSafeChildPath(workspace, 'escape/new/file')).toThrow(
      /outside the workspace/,
    );
    expect(() => resolveSafeChildPath(workspace, 'escape')).toThrow(/outside the workspace/);
    expect(() => resolveSafeChildPath(workspace, 'dangling')).toThrow(/outside the workspace/);
  });

  it('tells whether a path is inside another', () => {
    expect(isChildPath('/a/b', '/a/b')).toBe(true);
    expect(isChildPath('/a/b', '/a/b/c')).toBe(true);
    expect(isChildPath('/a/b', '/a/bc')).toBe(false);
    expect(isChildPath('/a/b', '/a')).toBe(false);
    expect(isChildPath('/a/b', '/a/b/..foo')).toBe(true);
  });
});
