import { InputError } from '@callboard/plugin-api/common';
import { afterAll, describe, expect, it } from 'vitest';
import { closeTestReaders, testReader } from './test/testReader';

// No network here: what the reader derives from URLs alone, for github.com and gitlab.com (which
// are forges without any config) and a configured GitHub Enterprise host.
describe('the catalog reader without I/O', () => {
  const reader = testReader({
    integrations: { github: [{ host: 'ghe.corp' }], git: [{ host: 'git.corp' }] },
  });
  afterAll(closeTestReaders);

  it('annotates files on forges with view, edit and source URLs', () => {
    expect(
      reader.annotationsFor({
        type: 'url',
        target: 'https://github.com/acme/payments/blob/main/services/api/catalog-info.yaml',
      }),
    ).toEqual({
      viewUrl: 'https://github.com/acme/payments/blob/main/services/api/catalog-info.yaml',
      editUrl: 'https://github.com/acme/payments/edit/main/services/api/catalog-info.yaml',
      sourceLocation: 'url:https://github.com/acme/payments/tree/main/services/api/',
    });
    expect(
      reader.annotationsFor({
        type: 'url',
        target: `https://ghe.corp/acme/payments/blob/${'c'.repeat(40)}/catalog-info.yaml`,
      }),
    ).toEqual({
      viewUrl: `https://ghe.corp/acme/payments/blob/${'c'.repeat(40)}/catalog-info.yaml`,
      sourceLocation: `url:https://ghe.corp/acme/payments/tree/${'c'.repeat(40)}/`,
    });
    expect(
      reader.annotationsFor({ type: 'url', target: 'https://git.corp/r/blob/main/a/b.yaml' }),
    ).toEqual({
      // A plain git host serves no pages: nothing to view, only the source location for tools.
      sourceLocation: 'url:https://git.corp/r/tree/main/a/',
    });
  });

  it('names the repository of webhook URLs the same way as of location URLs', () => {
    const location = reader.repositoryOf(
      'https://github.com/Acme/Payments/blob/main/catalog-info.yaml',
    );
    expect(location).toEqual({ repository: 'https://github.com/acme/payments', ref: 'main' });
    for (const webhook of [
      'https://github.com/Acme/Payments',
      'https://github.com/Acme/Payments.git',
      'https://github.com/acme/payments/',
      'git@github.com:Acme/Payments.git',
    ]) {
      expect(reader.repositoryOf(webhook)).toEqual({ repository: location?.repository });
    }
    expect(reader.repositoryOf('https://gitlab.com/Group/Sub/Repo.git')).toEqual({
      repository: 'https://gitlab.com/group/sub/repo',
    });
    expect(reader.repositoryOf('https://git.corp/Team/Repo.git')).toEqual({
      repository: 'https://git.corp/Team/Repo',
    });
    expect(reader.repositoryOf('https://example.com/catalog.yaml')).toBeUndefined();
    expect(reader.repositoryOf('not a url')).toBeUndefined();
  });

  it('resolves relative, root-relative, folder and absolute targets', () => {
    const base = {
      type: 'url' as const,
      target: 'https://github.com/acme/payments/blob/main/services/catalog-info.yaml',
    };
    const resolve = (target: string) => reader.resolveTarget(base, target).target;
    expect(resolve('./api.yaml')).toBe(
      'https://github.com/acme/payments/blob/main/services/api.yaml',
    );
    expect(resolve('/docs/all.yaml')).toBe(
      'https://github.com/acme/payments/blob/main/docs/all.yaml',
    );
    expect(resolve('teams/')).toBe('https://github.com/acme/payments/tree/main/services/teams/');
    expect(resolve('**/catalog-info.yaml')).toBe(
      'https://github.com/acme/payments/blob/main/services/**/catalog-info.yaml',
    );
    expect(resolve('https://github.com/acme/other')).toBe('https://github.com/acme/other');
    expect(() => resolve('../../x.yaml')).toThrow(InputError);
    expect(() => resolve('')).toThrow(InputError);
  });

  it('refuses targets it can never read before any network I/O', async () => {
    await expect(reader.assertReadable({ type: 'url', target: 'not a url' })).rejects.toThrow(
      InputError,
    );
    await expect(
      reader.assertReadable({ type: 'url', target: 'https://github.com/acme' }),
    ).rejects.toThrow(/Unsupported GitHub URL/);
    await expect(
      reader.assertReadable({ type: 'file', target: 'relative/catalog-info.yaml' }),
    ).rejects.toThrow(/absolute path/);
    await expect(
      reader.assertReadable({ type: 'ftp' as 'url', target: 'ftp://example.com' }),
    ).rejects.toThrow(/Unsupported location type/);
  });
});
