import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import type { ReadTreeResult, RepositoryReader } from '@callboard/plugin-api/backend';
import {
  startGitServer,
  startStaticServer,
  type TestGitServer,
  type TestRepository,
  type TestStaticServer,
} from '@callboard/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadTooLargeError, UnsupportedReadError } from './readingErrors';
import { closeTestReaders, testReader } from './test/testReader';

/** Each file of a tree as [path, location, text]. */
const entries = (tree: ReadTreeResult) =>
  tree.files.map(file => [file.path, file.location.target, file.content.toString('utf8')]);

/** The id git itself gives a ref of a repository (an annotated tag's object, not its commit). */
async function lsRemote(cloneUrl: string, ref: string): Promise<string> {
  const { stdout } = await promisify(execFile)('git', ['ls-remote', cloneUrl, ref]);
  return stdout.split('\t')[0] ?? '';
}

describe('reading trees, commits and tags of git repositories', () => {
  let server: TestGitServer;
  let docs: TestRepository;
  let reader: RepositoryReader;
  let config: Record<string, unknown>;
  let first: string;
  let second: string;
  let feature: string;

  beforeAll(async () => {
    server = await startGitServer();
    docs = await server.createRepository('acme/docs.git', {
      'README.md': '# Docs\n',
      'docs/index.md': 'one\n',
      'docs/guide/setup.md': 'setup\n',
      'docs/.pages': 'nav\n',
      'other/notes.txt': 'notes\n',
    });
    first = await docs.tag('v1', { message: 'first release' });
    second = await docs.commit({ 'docs/index.md': 'two\n' });
    await docs.tag('light');
    feature = await docs.commit({ 'docs/index.md': 'feature\n' }, { branch: 'feature/x' });
    config = {
      integrations: { git: [{ host: server.host }] },
      backend: { reading: { allow: [{ host: server.host }] } },
    };
    reader = testReader(config);
  });
  afterAll(async () => {
    await closeTestReaders();
    await server.close();
  });

  it('reads every file under a folder, dotfiles included, with the commit', async () => {
    const tree = await reader.readTree({ type: 'url', target: docs.treeUrl('docs', 'main') });
    expect(entries(tree)).toEqual([
      ['.pages', docs.blobUrl('docs/.pages', 'main'), 'nav\n'],
      ['guide/setup.md', docs.blobUrl('docs/guide/setup.md', 'main'), 'setup\n'],
      ['index.md', docs.blobUrl('docs/index.md', 'main'), 'two\n'],
    ]);
    expect(tree.version).toBe(second);
    expect(tree.commit).toBe(second);
  });

  it('reads the folder at another ref: a tag, a branch with a slash, a commit', async () => {
    const folder = { type: 'url' as const, target: docs.treeUrl('docs', 'main') };
    const tagged = await reader.readTree(folder, { ref: 'v1', paths: ['index.md'] });
    expect(entries(tagged)).toEqual([['index.md', docs.blobUrl('docs/index.md', 'v1'), 'one\n']]);
    expect(tagged.commit).toBe(first);
    const branch = await reader.readTree(folder, { ref: 'feature/x', paths: ['index.md'] });
    expect(entries(branch)).toEqual([
      ['index.md', docs.blobUrl('docs/index.md', 'feature/x'), 'feature\n'],
    ]);
    expect(branch.commit).toBe(feature);
    const pinned = await reader.readTree(
      { type: 'url', target: docs.cloneUrl },
      { ref: first, paths: ['docs/guide'] },
    );
    expect(entries(pinned)).toEqual([
      ['docs/guide/setup.md', docs.blobUrl('docs/guide/setup.md', first), 'setup\n'],
    ]);
    expect(pinned.version).toBe(first);
  });

  it('selects files with globs and paths', async () => {
    const repository = { type: 'url' as const, target: docs.cloneUrl };
    const markdown = await reader.readTree(repository, { globs: ['**/*.md'] });
    expect(markdown.files.map(file => file.path)).toEqual([
      'README.md',
      'docs/guide/setup.md',
      'docs/index.md',
    ]);
    const both = await reader.readTree(repository, { globs: ['**/*.md'], paths: ['docs'] });
    expect(both.files.map(file => file.path)).toEqual(['docs/guide/setup.md', 'docs/index.md']);
    const dotted = await reader.readTree(repository, { globs: ['docs/.*'] });
    expect(dotted.files.map(file => file.path)).toEqual(['docs/.pages']);
  });

  it('refuses a tree over maxBytes, maxFiles or maxFileBytes before reading it', async () => {
    const folder = { type: 'url' as const, target: docs.treeUrl('docs', 'main') };
    // .pages 4 + setup.md 6 + index.md 4 bytes.
    await expect(reader.readTree(folder, { maxBytes: 14 })).resolves.toMatchObject({
      version: second,
    });
    const over = reader.readTree(folder, { maxBytes: 13 });
    await expect(over).rejects.toThrow(ReadTooLargeError);
    await expect(over).rejects.toThrow(
      `The folder /docs at main (commit ${second.slice(0, 12)}) in ${docs.cloneUrl.replace(/\.git$/, '')} holds 14 bytes in 3 files, more than the 13 bytes asked for (maxBytes)`,
    );
    const few = testReader({ ...config, catalog: { reading: { maxFiles: 2 } } });
    await expect(few.readTree(folder)).rejects.toThrow(
      /holds 3 files, more than 2 \(catalog\.reading\.maxFiles\)/,
    );
    const small = testReader({ ...config, catalog: { reading: { maxFileBytes: 5 } } });
    await expect(small.readTree(folder)).rejects.toThrow(
      `${docs.blobUrl('docs/guide/setup.md', 'main')} is 6 bytes, over the limit of 5 bytes (catalog.reading.maxFileBytes)`,
    );
  });

  it('says what does not exist: a ref, a folder', async () => {
    const repository = { type: 'url' as const, target: docs.cloneUrl };
    const id = docs.cloneUrl.replace(/\.git$/, '');
    const ref = reader.readTree(repository, { ref: 'no-such-tag' });
    await expect(ref).rejects.toThrow(NotFoundError);
    await expect(ref).rejects.toThrow(`No branch or tag "no-such-tag" in ${id}`);
    const commit = reader.resolveCommit(repository, { ref: 'no-such-tag' });
    await expect(commit).rejects.toThrow(NotFoundError);
    await expect(commit).rejects.toThrow(`No branch or tag "no-such-tag" in ${id}`);
    const folder = reader.readTree({ type: 'url', target: docs.treeUrl('missing', 'main') });
    await expect(folder).rejects.toThrow(NotFoundError);
    await expect(folder).rejects.toThrow(
      `There is no folder /missing at main (commit ${second.slice(0, 12)}) in ${id}`,
    );
    await expect(
      reader.readTree({ type: 'url', target: docs.treeUrl('README.md', 'main') }),
    ).rejects.toThrow(`${docs.blobUrl('README.md', 'main')} is not a folder`);
  });

  it('resolves refs to commits from the ref listing alone, fetching nothing', async () => {
    const repository = await server.createRepository('acme/resolved.git', { 'a.md': 'a\n' });
    const tip = await repository.tag('v2', { message: 'annotated' });
    const next = await repository.commit({ 'a.md': 'b\n' }, { branch: 'next' });
    const resolver = testReader(config);
    const location = { type: 'url' as const, target: repository.cloneUrl };
    expect(await resolver.resolveCommit(location)).toBe(tip);
    expect(await resolver.resolveCommit(location, { ref: 'v2' })).toBe(tip);
    expect(await resolver.resolveCommit(location, { ref: 'next' })).toBe(next);
    expect(await resolver.resolveCommit(location, { ref: 'HEAD' })).toBe(tip);
    expect(await resolver.resolveCommit(location, { ref: 'f'.repeat(40) })).toBe('f'.repeat(40));
    expect(
      await resolver.resolveCommit({ type: 'url', target: repository.treeUrl('', 'next') }),
    ).toBe(next);
    // One listing (its advertisement and its POST), reused within fetchCacheSeconds; no fetch.
    const requests = server.requests
      .filter(request => request.path.includes('acme/resolved'))
      .map(request => `${request.method} ${request.path.replace(/^.*acme\/resolved\.git/, '')}`);
    expect(requests).toEqual(['GET /info/refs?service=git-upload-pack', 'POST /git-upload-pack']);
  });

  it('lists tags with their commits, and annotated tags with their tag object', async () => {
    const tags = await reader.listTags({ type: 'url', target: docs.cloneUrl }, { fresh: true });
    const tagObject = await lsRemote(docs.cloneUrl, 'refs/tags/v1');
    expect(tagObject).toMatch(/^[0-9a-f]{40}$/);
    expect(tagObject).not.toBe(first);
    expect(tags).toEqual([
      { name: 'light', commit: second },
      { name: 'v1', commit: first, tagObject },
    ]);
  });
});

describe('reading trees of file folders and plain URLs', () => {
  const root = mkdtempSync(join(tmpdir(), 'callboard-tree-reader-'));
  const path = (relative: string) => join(root, relative);
  let reader: RepositoryReader;
  let web: TestStaticServer;

  beforeAll(async () => {
    const files: Record<string, string> = {
      'site/index.md': 'home\n',
      'site/.nav': 'nav\n',
      'site/guide/setup.md': 'setup\n',
      'site/guide/image.txt': 'image\n',
    };
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(path(name)), { recursive: true });
      writeFileSync(path(name), content);
    }
    web = await startStaticServer();
    web.set('/site/index.md', { body: 'home\n' });
    reader = testReader({ backend: { reading: { allow: [{ host: web.host }] } } });
  });
  afterAll(async () => {
    await closeTestReaders();
    await web.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('reads every file of a folder with a content hash as the version, and resolves to it', async () => {
    const folder = { type: 'file' as const, target: path('site') };
    const tree = await reader.readTree(folder);
    expect(entries(tree)).toEqual([
      ['.nav', path('site/.nav'), 'nav\n'],
      ['guide/image.txt', path('site/guide/image.txt'), 'image\n'],
      ['guide/setup.md', path('site/guide/setup.md'), 'setup\n'],
      ['index.md', path('site/index.md'), 'home\n'],
    ]);
    const hash = createHash('sha256');
    for (const [, target, text] of entries(tree)) hash.update(`${target}\0${text}\0`);
    expect(tree.version).toBe(`sha256:${hash.digest('hex')}`);
    expect(tree.commit).toBeUndefined();
    expect(await reader.resolveCommit(folder)).toBe(tree.version);

    const outside = await reader.readTree(folder, { globs: ['../**', '/**'], paths: ['..'] });
    expect(outside.files).toEqual([]);
    const markdown = await reader.readTree(folder, { globs: ['**/*.md'], paths: ['guide'] });
    expect(entries(markdown)).toEqual([['guide/setup.md', path('site/guide/setup.md'), 'setup\n']]);
  });

  it('refuses a folder over maxBytes, a missing folder, refs and tags', async () => {
    const folder = { type: 'file' as const, target: path('site') };
    // home 5 + nav 4 + image 6 + setup 6 bytes.
    await expect(reader.readTree(folder, { maxBytes: 21 })).resolves.toMatchObject({
      files: expect.arrayContaining([expect.objectContaining({ path: 'index.md' })]) as unknown,
    });
    const over = reader.readTree(folder, { maxBytes: 20 });
    await expect(over).rejects.toThrow(ReadTooLargeError);
    await expect(over).rejects.toThrow(
      `The folder ${path('site')} holds 21 bytes in 4 files, more than the 20 bytes asked for (maxBytes)`,
    );
    const missing = reader.readTree({ type: 'file', target: path('nothing') });
    await expect(missing).rejects.toThrow(NotFoundError);
    await expect(missing).rejects.toThrow(`There is no folder ${path('nothing')}`);
    await expect(reader.readTree(folder, { ref: 'main' })).rejects.toThrow(UnsupportedReadError);
    await expect(reader.listTags(folder)).rejects.toThrow(
      `A file location has no tags (${path('site')})`,
    );
  });

  it('explains that a plain URL has no folders, commits or tags', async () => {
    const location = { type: 'url' as const, target: `${web.url}/site/index.md` };
    const why = (what: string) =>
      `${web.url}/site/index.md is a plain URL, not a git repository: ${what} needs a git host configured under integrations (or a file folder)`;
    const tree = reader.readTree(location);
    await expect(tree).rejects.toThrow(InputError);
    await expect(tree).rejects.toThrow(why('reading a folder'));
    await expect(reader.resolveCommit(location)).rejects.toThrow(why('resolving a commit'));
    await expect(reader.listTags(location)).rejects.toThrow(why('listing tags'));
    expect(web.requests).toEqual([]);
  });
});
