import type { RootConfig } from '@callboard/plugin-api/backend';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createHostPolicy, hostMatches } from './hostPolicy';
import { readingConfigSchema, readReadingConfig } from './readingConfig';

/** A RootConfig over a plain object, failing with the key path as the backend's does. */
function rootConfig(data: Record<string, unknown>): RootConfig {
  const at = (path: string) =>
    path
      .split('.')
      .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], data);
  return {
    get: at,
    read<T>(path: string, schema: z.ZodType<T>): T {
      const result = schema.safeParse(at(path));
      if (result.success) return result.data;
      const issue = result.error.issues[0];
      throw new Error(`${[path, ...(issue?.path ?? [])].join('.')}: ${issue?.message}`);
    },
    originDir: () => '/',
  };
}

describe('the reading config', () => {
  it('has defaults for everything', () => {
    expect(readingConfigSchema.parse({})).toEqual({
      integrations: { github: [], gitlab: [], git: [] },
      allow: [],
      limits: {
        timeoutMs: 30_000,
        maxFileBytes: 10 * 1024 * 1024,
        maxFiles: 5000,
        fetchCacheMs: 10_000,
      },
    });
    expect(readReadingConfig(rootConfig({}))).toEqual(readingConfigSchema.parse({}));
  });

  it("reads Backstage's keys, tolerating keys it does not use", () => {
    const config = readReadingConfig(
      rootConfig({
        integrations: {
          github: [
            { token: 't', apps: [{ appId: 1 }] },
            { host: 'GHE.corp:8443', token: 'u' },
          ],
          gitlab: [{ host: 'gitlab.corp', token: 'v', apiBaseUrl: 'https://gitlab.corp/api/v4' }],
          git: [{ host: 'gitea.corp', username: 'bot', token: 'w' }],
          bitbucketCloud: [{ username: 'x' }],
        },
        backend: { reading: { allow: [{ host: '*.example.com', paths: ['/docs/'] }] }, cors: {} },
        catalog: {
          reading: { timeout: { minutes: 1 }, fetchCacheSeconds: 0 },
          locations: [],
        },
      }),
    );
    expect(config.integrations.github.map(entry => entry.host)).toEqual([
      'github.com',
      'ghe.corp:8443',
    ]);
    expect(config.allow).toEqual([{ host: '*.example.com', paths: ['/docs/'] }]);
    expect(config.limits).toMatchObject({ timeoutMs: 60_000, fetchCacheMs: 0 });
  });

  it('names the key of a bad value', () => {
    expect(() =>
      readReadingConfig(rootConfig({ backend: { reading: { allow: [{ host: 'https://x/' }] } } })),
    ).toThrow(/^backend\.reading\.allow\.0\.host: use a host name/);
    expect(() =>
      readReadingConfig(rootConfig({ integrations: { git: [{ host: 'a.corp', token: 't' }] } })),
    ).toThrow(/^integrations\.git\.0\.username: a token needs a username/);
    expect(() => readReadingConfig(rootConfig({ catalog: { reading: { maxFilez: 3 } } }))).toThrow(
      /^catalog\.reading/,
    );
  });
});

describe('host matching', () => {
  it('matches ports exactly and wildcards on subdomains only', () => {
    expect(hostMatches('example.com', new URL('https://example.com/x'))).toBe(true);
    expect(hostMatches('example.com', new URL('https://example.com:8443/x'))).toBe(false);
    expect(hostMatches('example.com:443', new URL('https://example.com/x'))).toBe(true);
    expect(hostMatches('127.0.0.1:4321', new URL('http://127.0.0.1:4321/x'))).toBe(true);
    expect(hostMatches('*.example.com', new URL('https://a.b.example.com/x'))).toBe(true);
    expect(hostMatches('*.example.com', new URL('https://example.com/x'))).toBe(false);
    expect(hostMatches('*.example.com', new URL('https://badexample.com/x'))).toBe(false);
    expect(hostMatches('[::1]:80', new URL('http://[::1]/x'))).toBe(true);
  });

  it('treats github.com and gitlab.com as forges, and integration hosts as git hosts', () => {
    const policy = createHostPolicy(
      readingConfigSchema.parse({
        integrations: {
          github: [{ host: 'ghe.corp', token: 'secret' }],
          git: [{ host: 'git.corp:3000' }],
        },
      }),
    );
    expect(policy.gitHostFor(new URL('https://github.com/a/b'))?.kind).toBe('github');
    expect(policy.gitHostFor(new URL('https://gitlab.com/a/b'))?.kind).toBe('gitlab');
    const ghe = policy.gitHostFor(new URL('https://ghe.corp/a/b'));
    expect(ghe).toMatchObject({ kind: 'github', configKey: 'integrations.github[0]' });
    expect(ghe?.authorization).toBe(
      `Basic ${Buffer.from('x-access-token:secret').toString('base64')}`,
    );
    expect(policy.gitHostFor(new URL('http://git.corp:3000/a'))?.kind).toBe('git');
    expect(policy.gitHostFor(new URL('http://git.corp/a'))).toBeUndefined();
    expect(policy.gitHostFor(new URL('https://example.com/a'))).toBeUndefined();
  });
});

describe("this backend's own URL", () => {
  const own = (baseUrl: string) =>
    createHostPolicy({ ...readingConfigSchema.parse({}), ownBaseUrl: baseUrl });

  it('reads its own API paths as a git host on any port, loopback included, without config', async () => {
    const policy = own('http://localhost:7101');
    const repository = new URL('http://localhost:7101/api/scaffolder/git/team/svc.git');
    expect(policy.gitHostFor(repository)).toEqual({
      kind: 'git',
      configKey: 'backend.baseUrl',
      secrets: [],
      // Its own git server has browse pages.
      browsable: true,
    });
    await expect(policy.check(repository)).resolves.toMatchObject({
      hostname: 'localhost',
      port: 7101,
    });
    expect(readReadingConfig(rootConfig({}), 'http://localhost:7101').ownBaseUrl).toBe(
      'http://localhost:7101',
    );
  });

  it('has browse pages for its own repositories, also when integrations.git lists its host', () => {
    const policy = createHostPolicy({
      ...readingConfigSchema.parse({ integrations: { git: [{ host: 'localhost:7101' }] } }),
      ownBaseUrl: 'http://localhost:7101',
    });
    const own = policy.gitHostFor(new URL('http://localhost:7101/api/scaffolder/git/a/b.git'));
    expect(own).toMatchObject({ configKey: 'integrations.git', browsable: true });
    // Anything else on that host is a plain git host: no pages.
    const other = policy.gitHostFor(new URL('http://localhost:7101/other/repo.git'));
    expect(other).toMatchObject({ configKey: 'integrations.git', browsable: false });
  });

  it('trusts only its own host, port, scheme and API paths', async () => {
    const policy = own('http://portal.internal:8080/callboard');
    expect(
      policy.gitHostFor(new URL('http://portal.internal:8080/callboard/api/scaffolder/git/a/b.git'))
        ?.configKey,
    ).toBe('backend.baseUrl');
    for (const other of [
      'http://portal.internal:8081/callboard/api/scaffolder/git/a/b.git',
      'https://portal.internal:8080/callboard/api/scaffolder/git/a/b.git',
      'http://portal.internal:8080/api/scaffolder/git/a/b.git',
      'http://portal.internal:8080/callboard/catalog',
    ]) {
      expect(policy.gitHostFor(new URL(other)), other).toBeUndefined();
    }
    await expect(
      own('http://localhost:7101').check(
        new URL('http://localhost:7007/api/scaffolder/git/a/b.git'),
      ),
    ).rejects.toThrow(/Reading from localhost:7007 is not allowed/);
  });
});
