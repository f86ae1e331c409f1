import { describe, expect, it } from 'vitest';
import { parseRepoUrlValue, type PublishTargetDescription } from '../../common';
import {
  availableTargets,
  buildRepoUrlValue,
  ownerChoices,
  readRepoUrlRules,
  readRepoUrlValue,
  repoUrlProblems,
} from './repoUrl';

const targets: PublishTargetDescription[] = [
  { host: 'localhost:7007', title: 'This Callboard', type: 'folder' },
  {
    host: 'git.example.com',
    title: 'Company git',
    type: 'git',
    allowedOwners: ['web', 'platform'],
  },
];

describe('buildRepoUrlValue', () => {
  it('builds Backstage’s host?owner=…&repo=… value that the shared parser reads back', () => {
    const value = buildRepoUrlValue({ host: 'git.example.com', owner: 'web', repo: 'shop' });
    expect(value).toBe('git.example.com?owner=web&repo=shop');
    expect(parseRepoUrlValue(value ?? '')).toEqual({
      host: 'git.example.com',
      owner: 'web',
      repo: 'shop',
    });
  });

  it('encodes what needs encoding and trims around the parts', () => {
    expect(buildRepoUrlValue({ host: ' h ', owner: 'a b', repo: 'r&x ' })).toBe(
      'h?owner=a+b&repo=r%26x',
    );
  });

  it('is undefined while empty, and keeps half-filled input so validation can name the gap', () => {
    expect(buildRepoUrlValue({ host: '', owner: ' ', repo: '' })).toBeUndefined();
    expect(buildRepoUrlValue({ host: 'h', owner: 'o', repo: '' })).toBe('h?owner=o');
    expect(buildRepoUrlValue({ host: '', owner: '', repo: 'r' })).toBe('?repo=r');
  });

  it('round-trips through readRepoUrlValue', () => {
    const parts = { host: 'git.example.com', owner: 'platform/tools', repo: 'cli' };
    expect(readRepoUrlValue(buildRepoUrlValue(parts))).toEqual(parts);
    expect(readRepoUrlValue(undefined)).toEqual({ host: '', owner: '', repo: '' });
    expect(readRepoUrlValue('github.com')).toEqual({ host: 'github.com', owner: '', repo: '' });
  });
});

describe('repoUrlProblems', () => {
  const rules = readRepoUrlRules({});

  it('names each missing part', () => {
    expect(repoUrlProblems({ host: '', owner: '', repo: '' }, rules, targets)).toEqual({
      host: expect.stringMatching(/Choose where/),
      owner: expect.stringMatching(/Enter the owner/),
      repo: expect.stringMatching(/Enter a name/),
    });
    expect(
      repoUrlProblems({ host: 'localhost:7007', owner: 'team', repo: 'svc' }, rules, targets),
    ).toEqual({});
  });

  it('holds the host to the template’s allowedHosts and to the configured targets', () => {
    expect(
      repoUrlProblems(
        { host: 'localhost:7007', owner: 'o', repo: 'r' },
        readRepoUrlRules({ allowedHosts: ['github.com'] }),
        targets,
      ).host,
    ).toBe('This template publishes only to github.com.');
    expect(
      repoUrlProblems({ host: 'gitlab.com', owner: 'o', repo: 'r' }, rules, targets).host,
    ).toBe('gitlab.com is not a publish target of this Callboard.');
  });

  it('holds the owner to the allowed owners of the template and the target', () => {
    expect(
      repoUrlProblems({ host: 'git.example.com', owner: 'ops', repo: 'r' }, rules, targets).owner,
    ).toBe('Choose one of the allowed owners: web, platform.');
    expect(
      repoUrlProblems(
        { host: 'git.example.com', owner: 'web', repo: 'r' },
        readRepoUrlRules({ allowedOwners: ['web', 'mobile'] }),
        targets,
      ),
    ).toEqual({});
  });

  it('refuses names a git host would not take', () => {
    const problems = repoUrlProblems(
      { host: 'localhost:7007', owner: 'a b', repo: 'svc.git' },
      rules,
      targets,
    );
    expect(problems.owner).toMatch(/letters, digits/);
    expect(problems.repo).toMatch(/without ".git"/);
    expect(
      repoUrlProblems({ host: 'localhost:7007', owner: 'o', repo: '../etc' }, rules, targets).repo,
    ).toMatch(/letters, digits/);
  });
});

describe('host and owner choices', () => {
  it('offers the targets the template allows, and the owners both allow', () => {
    expect(availableTargets(targets, { allowedHosts: ['GIT.example.com'] })).toEqual([targets[1]]);
    expect(availableTargets(targets, {})).toEqual(targets);
    expect(ownerChoices(targets[1], {})).toEqual(['web', 'platform']);
    expect(ownerChoices(targets[1], { allowedOwners: ['platform', 'x'] })).toEqual(['platform']);
    expect(ownerChoices(targets[0], {})).toBeUndefined();
    expect(ownerChoices(targets[0], { allowedOwners: ['x'] })).toEqual(['x']);
  });
});
