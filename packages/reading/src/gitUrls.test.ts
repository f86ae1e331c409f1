import { InputError } from '@callboard/plugin-api/common';
import { describe, expect, it } from 'vitest';
import { blobUrl, editUrl, parseGitUrl, splitRef, toHttpUrl, treeUrl } from './gitUrls';

describe('parseGitUrl', () => {
  it('splits GitHub URLs into owner/repo and view', () => {
    const repo = parseGitUrl(new URL('https://GitHub.com/Acme/Payments.git'), 'github');
    expect(repo.view).toBeUndefined();
    expect(repo.repository).toMatchObject({
      id: 'https://github.com/acme/payments',
      cloneUrl: 'https://github.com/Acme/Payments.git',
      browseBase: 'https://github.com/Acme/Payments',
    });
    const blob = parseGitUrl(
      new URL('https://github.com/acme/payments/blob/feature/x/docs/my%20file.yaml?plain=1#L3'),
      'github',
    );
    expect(blob.view).toBe('blob');
    expect(blob.rest).toEqual(['feature', 'x', 'docs', 'my file.yaml']);
    expect(() => parseGitUrl(new URL('https://github.com/acme'), 'github')).toThrow(InputError);
    expect(() => parseGitUrl(new URL('https://github.com/acme/payments/pulls'), 'github')).toThrow(
      /Unsupported GitHub URL/,
    );
    expect(() => parseGitUrl(new URL('https://github.com/acme/payments/blob'), 'github')).toThrow(
      /names no branch/,
    );
  });

  it('finds GitLab repositories in subgroups, before /-/ or a legacy blob/tree', () => {
    const modern = parseGitUrl(
      new URL('https://gitlab.example.com/group/sub/repo/-/tree/main/services'),
      'gitlab',
    );
    expect(modern.repository.segments).toEqual(['group', 'sub', 'repo']);
    expect(modern.repository.cloneUrl).toBe('https://gitlab.example.com/group/sub/repo.git');
    expect(modern.repository.browseBase).toBe('https://gitlab.example.com/group/sub/repo/-');
    expect(modern).toMatchObject({ view: 'tree', rest: ['main', 'services'] });
    const legacy = parseGitUrl(
      new URL('https://gitlab.com/group/repo/blob/main/catalog-info.yaml'),
      'gitlab',
    );
    expect(legacy.repository.segments).toEqual(['group', 'repo']);
    expect(parseGitUrl(new URL('https://gitlab.com/a/b/c'), 'gitlab').repository.id).toBe(
      'https://gitlab.com/a/b/c',
    );
  });

  it('keeps the written path of generic git hosts (case and .git) for cloning', () => {
    const url = parseGitUrl(
      new URL('http://git.corp:3000/scm/Team/Repo.git/blob/main/catalog-info.yaml'),
      'git',
    );
    expect(url.repository).toMatchObject({
      cloneUrl: 'http://git.corp:3000/scm/Team/Repo.git',
      id: 'http://git.corp:3000/scm/Team/Repo',
      browseBase: 'http://git.corp:3000/scm/Team/Repo.git',
    });
    expect(() => parseGitUrl(new URL('https://git.corp/a%2F..%2Fb/blob/main/x'), 'git')).toThrow(
      /encoded slashes/,
    );
    expect(() => parseGitUrl(new URL('https://bot:pw@git.corp/a'), 'git')).toThrow(/credentials/);
  });
});

describe('browse URLs', () => {
  const { repository } = parseGitUrl(new URL('https://github.com/acme/payments'), 'github');
  const gitlab = parseGitUrl(new URL('https://gitlab.com/g/s/r'), 'gitlab').repository;
  const git = parseGitUrl(new URL('https://git.corp/r.git'), 'git').repository;
  const commit = 'a'.repeat(40);

  it('builds blob, tree and edit URLs, encoding what needs it', () => {
    expect(blobUrl(repository, 'feature/x', 'docs/my file.yaml')).toBe(
      'https://github.com/acme/payments/blob/feature/x/docs/my%20file.yaml',
    );
    expect(treeUrl(repository, 'main', '')).toBe('https://github.com/acme/payments/tree/main/');
    expect(treeUrl(gitlab, 'main', 'a/b')).toBe('https://gitlab.com/g/s/r/-/tree/main/a/b/');
    expect(editUrl(repository, 'main', 'c.yaml')).toBe(
      'https://github.com/acme/payments/edit/main/c.yaml',
    );
    expect(editUrl(gitlab, 'main', 'c.yaml')).toBe('https://gitlab.com/g/s/r/-/edit/main/c.yaml');
    expect(editUrl(repository, commit, 'c.yaml')).toBeUndefined();
    expect(editUrl(git, 'main', 'c.yaml')).toBeUndefined();
  });
});

describe('splitRef', () => {
  const refs = new Set(['main', 'release', 'release/1.0']);
  const isRef = (name: string) => refs.has(name);

  it('takes the longest existing ref, or a commit id', () => {
    expect(splitRef(['release', '1.0', 'catalog-info.yaml'], isRef)).toEqual({
      ref: 'release/1.0',
      path: ['catalog-info.yaml'],
    });
    expect(splitRef(['release', '2.0', 'x.yaml'], isRef)).toEqual({
      ref: 'release',
      path: ['2.0', 'x.yaml'],
    });
    expect(splitRef(['b'.repeat(40), 'x.yaml'], () => false)).toEqual({
      ref: 'b'.repeat(40),
      path: ['x.yaml'],
    });
    expect(splitRef(['nope', 'x.yaml'], isRef)).toBeUndefined();
  });
});

describe('toHttpUrl', () => {
  it('turns the clone URLs webhooks send into http(s) URLs', () => {
    expect(toHttpUrl('git@github.com:Acme/Payments.git')?.href).toBe(
      'https://github.com/Acme/Payments.git',
    );
    expect(toHttpUrl('ssh://git@gitlab.com:22/group/repo.git')?.href).toBe(
      'https://gitlab.com/group/repo.git',
    );
    expect(toHttpUrl('https://github.com/acme/payments')?.href).toBe(
      'https://github.com/acme/payments',
    );
    expect(toHttpUrl('file:///etc/passwd')).toBeUndefined();
    expect(toHttpUrl('not a url')).toBeUndefined();
  });
});
