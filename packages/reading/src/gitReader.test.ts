import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BadGatewayError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@callboard/plugin-api/common';
import {
  eventually,
  never,
  startGitServer,
  startStaticServer,
  type TestGitServer,
  type TestRepository,
  type TestStaticServer,
} from '@callboard/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { closeTestReaders, testReader, texts } from './test/testReader';

const component = (name: string) => `kind: Component\nmetadata:\n  name: ${name}\n`;

/** Requests the git client made to fetch from the server (ls-remote and fetch alike). */
const uploadPackRequests = (server: TestGitServer, repository: string) =>
  server.requests.filter(
    request => request.path.includes(repository) && request.path.includes('git-upload-pack'),
  ).length;

describe('reading git repositories', () => {
  let server: TestGitServer;
  let payments: TestRepository;
  let reader: RepositoryReader;
  let secondCommit: string;
  let config: Record<string, unknown>;

  beforeAll(async () => {
    server = await startGitServer();
    payments = await server.createRepository(
      'acme/payments.git',
      {
        'catalog-info.yaml': component('payments'),
        'services/a/catalog-info.yaml': component('a'),
        'services/b/catalog-info.yaml': component('b'),
        'services/b/nested/catalog-info.yaml': component('b-nested'),
        'services/b/other.yaml': component('other'),
        'docs/index.md': '# Payments\n',
        'big.yaml': `# ${'x'.repeat(5000)}\n`,
      },
      { defaultBranch: 'trunk' },
    );
    secondCommit = await payments.commit({ 'catalog-info.yaml': component('payments-v2') });
    await payments.commit({ 'catalog-info.yaml': component('payments-v3') });
    await payments.commit({ 'catalog-info.yaml': component('feature') }, { branch: 'feature/x' });
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

  it('reads the root catalog-info.yaml of a repository URL at its default branch', async () => {
    for (const url of [payments.cloneUrl, payments.cloneUrl.replace(/\.git$/, '')]) {
      const result = await reader.readLocation({ type: 'url', target: url });
      expect(texts(result)).toEqual([
        [`${url}/blob/trunk/catalog-info.yaml`, component('payments-v3')],
      ]);
      expect(result.version).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it('reads blob URLs, and tree URLs as their folder catalog-info.yaml', async () => {
    const blob = await reader.readLocation({
      type: 'url',
      target: payments.blobUrl('services/a/catalog-info.yaml', 'trunk'),
    });
    expect(texts(blob)).toEqual([
      [payments.blobUrl('services/a/catalog-info.yaml', 'trunk'), component('a')],
    ]);
    const tree = await reader.readLocation({
      type: 'url',
      target: payments.treeUrl('services/b', 'trunk'),
    });
    expect(texts(tree)).toEqual([
      [payments.blobUrl('services/b/catalog-info.yaml', 'trunk'), component('b')],
    ]);
    const root = await reader.readLocation({
      type: 'url',
      target: `${payments.cloneUrl}/tree/trunk`,
    });
    expect(root.files[0]?.content.toString()).toBe(component('payments-v3'));
    expect(root.version).toBe(blob.version);
  });

  it('resolves refs that contain slashes, and commit ids', async () => {
    const feature = await reader.readFile({
      type: 'url',
      target: payments.blobUrl('catalog-info.yaml', 'feature/x'),
    });
    expect(feature.content.toString()).toBe(component('feature'));
    expect(feature.location.target).toBe(payments.blobUrl('catalog-info.yaml', 'feature/x'));

    const pinned = await reader.readLocation({
      type: 'url',
      target: payments.blobUrl('catalog-info.yaml', secondCommit),
    });
    expect(pinned.version).toBe(secondCommit);
    expect(pinned.files[0]?.content.toString()).toBe(component('payments-v2'));
    // The test server is a plain git host: no page to view.
    expect(reader.annotationsFor(pinned.files[0]!.location)).toEqual({
      sourceLocation: `url:${payments.cloneUrl}/tree/${secondCommit}/`,
    });
  });

  it('reads tags, annotated ones as their commit, preferring the longest ref', async () => {
    const repository = await server.createRepository('acme/tagged.git', {
      'catalog-info.yaml': component('v1'),
    });
    const v1 = await repository.tag('release/1.0', { message: 'first release' });
    await repository.commit(
      { 'catalog-info.yaml': component('release-branch') },
      { branch: 'release' },
    );
    await repository.tag('light');
    const annotated = await reader.readLocation({
      type: 'url',
      target: repository.blobUrl('catalog-info.yaml', 'release/1.0'),
    });
    expect(annotated.version).toBe(v1);
    expect(annotated.files[0]?.content.toString()).toBe(component('v1'));
    const branch = await reader.readFile({
      type: 'url',
      target: repository.blobUrl('catalog-info.yaml', 'release'),
    });
    expect(branch.content.toString()).toBe(component('release-branch'));
    const light = await reader.readLocation({
      type: 'url',
      target: repository.blobUrl('catalog-info.yaml', 'light'),
    });
    expect(light.version).toBe(v1);
  });

  it('reads every file a glob matches, sorted, and nothing when it matches nothing', async () => {
    const result = await reader.readLocation({
      type: 'url',
      target: payments.blobUrl('services/**/catalog-info.yaml', 'trunk'),
    });
    expect(result.files.map(file => file.location.target)).toEqual([
      payments.blobUrl('services/a/catalog-info.yaml', 'trunk'),
      payments.blobUrl('services/b/catalog-info.yaml', 'trunk'),
      payments.blobUrl('services/b/nested/catalog-info.yaml', 'trunk'),
    ]);
    const everywhere = await reader.readLocation({
      type: 'url',
      target: payments.blobUrl('**/catalog-info.yaml', 'trunk'),
    });
    expect(everywhere.files).toHaveLength(4);
    expect(everywhere.files[0]?.location.target).toBe(
      payments.blobUrl('catalog-info.yaml', 'trunk'),
    );
    const braces = await reader.readLocation({
      type: 'url',
      target: payments.blobUrl('services/b/{other,missing}.yaml', 'trunk'),
    });
    expect(texts(braces)).toEqual([
      [payments.blobUrl('services/b/other.yaml', 'trunk'), component('other')],
    ]);
    const none = await reader.readLocation({
      type: 'url',
      target: payments.blobUrl('nothing/**/*.yaml', 'trunk'),
    });
    expect(none.files).toEqual([]);
    await expect(
      reader.readFile({ type: 'url', target: payments.blobUrl('**/catalog-info.yaml', 'trunk') }),
    ).rejects.toThrow(InputError);

    const limited = testReader({ ...config, catalog: { reading: { maxFiles: 2 } } });
    await expect(
      limited.readLocation({
        type: 'url',
        target: payments.blobUrl('**/catalog-info.yaml', 'trunk'),
      }),
    ).rejects.toThrow(/matches 4 files in .*, more than 2 \(catalog\.reading\.maxFiles\)/);
  });

  it('includes dotfiles and dot folders in a glob only when asked to', async () => {
    const repository = await server.createRepository('acme/dotted.git', {
      'skeleton/.gitignore': 'node_modules\n',
      'skeleton/.github/workflows/ci.yaml': 'on: push\n',
      'skeleton/README.md': '# hi\n',
    });
    const target = repository.blobUrl('skeleton/**', 'main');
    const plain = await reader.readLocation({ type: 'url', target });
    expect(plain.files.map(file => file.location.target)).toEqual([
      repository.blobUrl('skeleton/README.md', 'main'),
    ]);
    const dotted = await reader.readLocation({ type: 'url', target }, { dot: true });
    expect(texts(dotted)).toEqual([
      [repository.blobUrl('skeleton/.github/workflows/ci.yaml', 'main'), 'on: push\n'],
      [repository.blobUrl('skeleton/.gitignore', 'main'), 'node_modules\n'],
      [repository.blobUrl('skeleton/README.md', 'main'), '# hi\n'],
    ]);
  });

  it('says what is missing: a file, a folder file, a branch, a repository', async () => {
    const missing = reader.readLocation({
      type: 'url',
      target: payments.blobUrl('nope.yaml', 'trunk'),
    });
    await expect(missing).rejects.toThrow(NotFoundError);
    await expect(missing).rejects.toThrow(/no file \/nope\.yaml at trunk/);
    await expect(
      reader.readLocation({ type: 'url', target: payments.treeUrl('docs', 'trunk') }),
    ).rejects.toThrow(/no catalog-info\.yaml in the folder \/docs/);
    await expect(
      reader.readLocation({ type: 'url', target: payments.blobUrl('a.yaml', 'no-such-branch') }),
    ).rejects.toThrow(/No branch or tag "no-such-branch"/);
    const repository = reader.readLocation({
      type: 'url',
      target: `${server.url}/acme/missing/blob/main/catalog-info.yaml`,
    });
    await expect(repository).rejects.toThrow(NotFoundError);
    await expect(repository).rejects.toThrow(/Repository .*\/acme\/missing was not found/);
    await expect(
      reader.readLocation({
        type: 'url',
        target: payments.blobUrl('catalog-info.yaml', 'f'.repeat(40)),
      }),
    ).rejects.toThrow(NotFoundError);
  });

  it('never leaves the repository', async () => {
    const base = {
      type: 'url' as const,
      target: payments.blobUrl('services/a/catalog-info.yaml', 'trunk'),
    };
    expect(reader.resolveTarget(base, '../b/catalog-info.yaml')).toEqual({
      type: 'url',
      target: payments.blobUrl('services/b/catalog-info.yaml', 'trunk'),
    });
    expect(reader.resolveTarget(base, '/docs/')).toEqual({
      type: 'url',
      target: payments.treeUrl('docs/', 'trunk'),
    });
    expect(() => reader.resolveTarget(base, '../../../x.yaml')).toThrow(InputError);
    expect(() => reader.resolveTarget(base, '../../../x.yaml')).toThrow(/leaves the repository/);
    await expect(
      reader.readLocation({
        type: 'url',
        target: `${payments.cloneUrl}/blob/trunk/services/..%2F..%2Fsecret.yaml`,
      }),
    ).rejects.toThrow(InputError);
    // A relative target of a file on a slashed ref stays on that ref.
    const feature = {
      type: 'url' as const,
      target: payments.blobUrl('catalog-info.yaml', 'feature/x'),
    };
    expect(reader.resolveTarget(feature, './other.yaml').target).toBe(
      payments.blobUrl('other.yaml', 'feature/x'),
    );
    expect(() => reader.resolveTarget(feature, '../x.yaml')).toThrow(/leaves the repository/);
  });

  it('refuses files over maxFileBytes before reading them', async () => {
    const small = testReader({ ...config, catalog: { reading: { maxFileBytes: 1000 } } });
    const read = small.readLocation({ type: 'url', target: payments.blobUrl('big.yaml', 'trunk') });
    await expect(read).rejects.toThrow(InputError);
    await expect(read).rejects.toThrow(
      /is 5003 bytes, over the limit of 1000 bytes \(catalog\.reading\.maxFileBytes\)/,
    );
  });

  it('reuses a fetch within fetchCacheSeconds and sees a new commit when asked for fresh', async () => {
    const repository = await server.createRepository('acme/cached.git', {
      'catalog-info.yaml': component('one'),
    });
    const cached = testReader({ ...config, catalog: { reading: { fetchCacheSeconds: 60 } } });
    const location = { type: 'url' as const, target: repository.blobUrl('catalog-info.yaml') };
    const first = await cached.readLocation(location);
    const requestsAfterFirst = uploadPackRequests(server, 'acme/cached');
    expect(requestsAfterFirst).toBeGreaterThan(0);

    const next = await repository.commit({ 'catalog-info.yaml': component('two') });
    const reused = await cached.readLocation(location);
    expect(reused.version).toBe(first.version);
    expect(reused.files[0]?.content.toString()).toBe(component('one'));
    expect(uploadPackRequests(server, 'acme/cached')).toBe(requestsAfterFirst);

    const fresh = await cached.readLocation(location, { fresh: true });
    expect(fresh.version).toBe(next);
    expect(fresh.files[0]?.content.toString()).toBe(component('two'));
  });

  it('fetches a repository once when many reads of it arrive together', async () => {
    const repository = await server.createRepository('acme/busy.git', {
      'a/catalog-info.yaml': component('a'),
      'b/catalog-info.yaml': component('b'),
    });
    const busy = testReader(config);
    const results = await Promise.all(
      ['a', 'b', 'a', 'b', 'a'].map(folder =>
        busy.readLocation({ type: 'url', target: repository.treeUrl(folder) }),
      ),
    );
    expect(results.map(result => result.files[0]?.content.toString())).toEqual(
      ['a', 'b', 'a', 'b', 'a'].map(component),
    );
    // One ls-remote and one fetch, each an advertisement plus a POST.
    const advertisements = server.requests.filter(
      request =>
        request.path.includes('acme/busy') &&
        request.path.includes('info/refs?service=git-upload-pack'),
    );
    expect(advertisements).toHaveLength(2);
  });

  it('removes its own cache directory on close, and reuses a given one across processes', async () => {
    const before = new Set(readdirSync(tmpdir()));
    const own = testReader(config);
    await own.readLocation({ type: 'url', target: payments.cloneUrl });
    // Other test processes may create readers too: find the one holding this server's repository.
    const created = readdirSync(tmpdir()).filter(
      name =>
        !before.has(name) &&
        name.startsWith('callboard-catalog-reader-') &&
        existsSync(join(tmpdir(), name, 'repositories')) &&
        readdirSync(join(tmpdir(), name, 'repositories')).some(repo =>
          repo.endsWith('-payments.git'),
        ),
    );
    expect(created).toHaveLength(1);
    await own.close();
    expect(existsSync(join(tmpdir(), created[0]!))).toBe(false);
    await expect(own.readLocation({ type: 'url', target: payments.cloneUrl })).rejects.toThrow(
      /closed/,
    );

    const cacheDir = mkdtempSync(join(tmpdir(), 'callboard-reader-cache-'));
    try {
      const repository = await server.createRepository('acme/persisted.git', {
        'catalog-info.yaml': component('persisted'),
      });
      const first = testReader(config, cacheDir);
      await first.readLocation({ type: 'url', target: repository.cloneUrl });
      await first.close();
      expect(existsSync(cacheDir)).toBe(true);
      const fetches = () =>
        server.requests.filter(
          request => request.path.includes('acme/persisted') && request.method === 'POST',
        ).length;
      const before = fetches();
      const second = testReader(config, cacheDir);
      const again = await second.readLocation({ type: 'url', target: repository.cloneUrl });
      expect(again.files[0]?.content.toString()).toBe(component('persisted'));
      // Only the ref listing: the commit is already in the cache.
      expect(fetches() - before).toBe(1);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('refuses a loopback git host unless backend.reading.allow lists it', async () => {
    const before = server.requests.length;
    const strict = testReader({ integrations: { git: [{ host: server.host }] } });
    const location = {
      type: 'url' as const,
      target: payments.blobUrl('catalog-info.yaml', 'trunk'),
    };
    await expect(strict.assertReadable(location)).rejects.toThrow(NotAllowedError);
    await expect(strict.readLocation(location)).rejects.toThrow(
      new RegExp(
        `${server.host} is not allowed: it is a loopback address.*backend\\.reading\\.allow`,
      ),
    );
    // A wildcard is not an explicit permission for a private address.
    const wildcard = testReader({
      integrations: { git: [{ host: server.host }] },
      backend: { reading: { allow: [{ host: '*.0.0.1' }] } },
    });
    await expect(wildcard.readLocation(location)).rejects.toThrow(NotAllowedError);
    expect(server.requests.length).toBe(before);
    await expect(reader.assertReadable(location)).resolves.toBeUndefined();
  });

  it('reads GitLab URLs with subgroups and /-/ paths', async () => {
    const repository = await server.createRepository('group/sub/svc.git', {
      'catalog-info.yaml': component('svc'),
      'deploy/catalog-info.yaml': component('deploy'),
    });
    const gitlab = testReader({
      integrations: { gitlab: [{ host: server.host }] },
      backend: { reading: { allow: [{ host: server.host }] } },
    });
    const base = `${server.url}/group/sub/svc`;
    const root = await gitlab.readLocation({ type: 'url', target: base });
    expect(texts(root)).toEqual([[`${base}/-/blob/main/catalog-info.yaml`, component('svc')]]);
    const blob = await gitlab.readLocation({
      type: 'url',
      target: `${base}/-/blob/main/deploy/catalog-info.yaml`,
    });
    expect(blob.files[0]?.content.toString()).toBe(component('deploy'));
    const tree = await gitlab.readLocation({ type: 'url', target: `${base}/-/tree/main/deploy` });
    expect(tree.files[0]?.location.target).toBe(`${base}/-/blob/main/deploy/catalog-info.yaml`);
    expect(gitlab.annotationsFor(tree.files[0]!.location)).toEqual({
      viewUrl: `${base}/-/blob/main/deploy/catalog-info.yaml`,
      editUrl: `${base}/-/edit/main/deploy/catalog-info.yaml`,
      sourceLocation: `url:${base}/-/tree/main/deploy/`,
    });
    expect(gitlab.repositoryOf(`${server.url}/Group/Sub/SVC.git`)).toEqual({
      repository: base,
    });
    expect(repository.name).toBe('group/sub/svc.git');
  });

  it('sends integration credentials and keeps them out of errors', async () => {
    const token = 'ghp_s3cretToken';
    const guarded = await startGitServer({ auth: { username: 'x-access-token', password: token } });
    try {
      await guarded.createRepository('acme/secure.git', {
        'catalog-info.yaml': component('secure'),
      });
      const allow = { backend: { reading: { allow: [{ host: guarded.host }] } } };
      const url = `${guarded.url}/acme/secure/blob/main/catalog-info.yaml`;

      const github = testReader({
        integrations: { github: [{ host: guarded.host, token }] },
        ...allow,
      });
      const file = await github.readFile({ type: 'url', target: url });
      expect(file.content.toString()).toBe(component('secure'));
      const expected = `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
      expect(guarded.requests.some(request => request.authorization === expected)).toBe(true);
      expect(github.annotationsFor(file.location)).toEqual({
        viewUrl: url,
        editUrl: `${guarded.url}/acme/secure/edit/main/catalog-info.yaml`,
        sourceLocation: `url:${guarded.url}/acme/secure/tree/main/`,
      });

      const wrongToken = 'ghp_wrongToken';
      const wrong = testReader({
        integrations: { github: [{ host: guarded.host, token: wrongToken }] },
        ...allow,
      });
      const error = await wrong.readFile({ type: 'url', target: url }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotAllowedError);
      const message = String((error as Error).message) + String((error as Error).stack);
      expect(message).toMatch(/refused the credentials of integrations\.github\[0\]/);
      expect(message).not.toContain(wrongToken);
      expect(message).not.toContain(Buffer.from(`x-access-token:${wrongToken}`).toString('base64'));

      const anonymous = testReader({
        integrations: { github: [{ host: guarded.host }] },
        ...allow,
      });
      await expect(anonymous.readFile({ type: 'url', target: url })).rejects.toThrow(
        /needs credentials .*integrations\.github/,
      );
    } finally {
      await guarded.close();
    }
  });

  it('does not follow redirects of a git host (they could leave the allowed hosts)', async () => {
    const redirecting = await startStaticServer();
    try {
      redirecting.set('/acme/moved/info/refs', {
        body: '',
        status: 301,
        headers: { location: `${payments.cloneUrl}/info/refs?service=git-upload-pack` },
      });
      const before = server.requests.length;
      const moved = testReader({
        integrations: { git: [{ host: redirecting.host }, { host: server.host }] },
        backend: { reading: { allow: [{ host: redirecting.host }, { host: server.host }] } },
      });
      await expect(
        moved.readLocation({ type: 'url', target: `${redirecting.url}/acme/moved` }),
      ).rejects.toThrow(/answered with a redirect, which the reader does not follow/);
      expect(server.requests.length).toBe(before);
    } finally {
      await redirecting.close();
    }
  });

  it('gives up on a git host that does not answer in time', async () => {
    const slow: TestStaticServer = await startStaticServer();
    try {
      // Never answers: only the reader's own deadline can end the read.
      slow.set('/acme/slow/info/refs', { body: '', until: never });
      const impatient = testReader({
        integrations: { git: [{ host: slow.host }] },
        backend: { reading: { allow: [{ host: slow.host }] } },
        catalog: { reading: { timeout: { milliseconds: 300 } } },
      });
      const read = impatient.readLocation({ type: 'url', target: `${slow.url}/acme/slow` });
      // A 502 through the API, with the sentence.
      await expect(read).rejects.toThrow(BadGatewayError);
      await expect(read).rejects.toThrow(
        `Reading ${slow.url}/acme/slow timed out after 300 ms (catalog.reading.timeout) — check that the host answers, or raise the limit`,
      );
      // git was stopped while its request still waited for an answer.
      const [request] = slow.requests;
      expect(request?.answered).toBe(false);
      await eventually(() => expect(request?.abandoned).toBe(true));
    } finally {
      await slow.close();
    }
  });
});
