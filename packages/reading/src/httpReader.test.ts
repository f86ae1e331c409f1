import { InputError, NotAllowedError, NotFoundError } from '@callboard/plugin-api/common';
import { eventually, never, startStaticServer, type TestStaticServer } from '@callboard/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { closeTestReaders, testReader, texts } from './test/testReader';

describe('reading plain http(s) URLs', () => {
  let server: TestStaticServer;
  let elsewhere: TestStaticServer;
  let reader: RepositoryReader;
  const url = (path: string) => `${server.url}${path}`;

  beforeAll(async () => {
    [server, elsewhere] = await Promise.all([startStaticServer(), startStaticServer()]);
    server.set('/catalog/all.yaml', { body: 'kind: Component\n', headers: { etag: '"v1"' } });
    server.set('/catalog/moved.yaml', {
      body: '',
      status: 302,
      headers: { location: '/catalog/all.yaml' },
    });
    server.set('/catalog/away.yaml', {
      body: '',
      status: 301,
      headers: { location: `${elsewhere.url}/x.yaml` },
    });
    server.set('/catalog/loop.yaml', {
      body: '',
      status: 307,
      headers: { location: '/catalog/loop.yaml' },
    });
    // Never answers: only the reader's own deadline can end a read of it.
    server.set('/catalog/slow.yaml', { body: 'kind: Component\n', until: never });
    server.set('/catalog/big.yaml', {
      body: 'x'.repeat(2000),
      headers: { 'content-length': '2000' },
    });
    server.set('/catalog/streamed.yaml', {
      body: 'x'.repeat(5000),
      headers: { 'transfer-encoding': 'chunked' },
    });
    server.set('/catalog/broken.yaml', { body: 'oops', status: 500 });
    elsewhere.set('/x.yaml', 'kind: Component\n');
    reader = testReader({
      backend: { reading: { allow: [{ host: server.host }] } },
      catalog: { reading: { maxFileBytes: 1000 } },
    });
  });
  afterAll(async () => {
    await closeTestReaders();
    await Promise.all([server.close(), elsewhere.close()]);
  });

  it('reads a file, with its ETag as the version', async () => {
    const result = await reader.readLocation({ type: 'url', target: url('/catalog/all.yaml') });
    expect(texts(result)).toEqual([[url('/catalog/all.yaml'), 'kind: Component\n']]);
    expect(result.version).toBe('"v1"');
    const request = server.requests.find(entry => entry.path === '/catalog/all.yaml');
    expect(request?.headers['accept-encoding']).toBe('identity');
  });

  it('follows redirects on allowed hosts only, at most five', async () => {
    const moved = await reader.readFile({ type: 'url', target: url('/catalog/moved.yaml') });
    expect(moved.location.target).toBe(url('/catalog/moved.yaml'));
    expect(moved.content.toString()).toBe('kind: Component\n');

    const away = reader.readFile({ type: 'url', target: url('/catalog/away.yaml') });
    await expect(away).rejects.toThrow(NotAllowedError);
    await expect(away).rejects.toThrow(`Reading from ${elsewhere.host} is not allowed`);
    expect(elsewhere.requests).toEqual([]);

    const loop = reader.readFile({ type: 'url', target: url('/catalog/loop.yaml') });
    await expect(loop).rejects.toThrow(/took more than 5 redirects/);
  });

  it('refuses hosts that are not allowed, and paths outside an allowed prefix', async () => {
    const location = { type: 'url' as const, target: `${elsewhere.url}/x.yaml` };
    await expect(reader.assertReadable(location)).rejects.toThrow(NotAllowedError);
    await expect(reader.readLocation(location)).rejects.toThrow(
      /is not an integration host .* does not match backend\.reading\.allow/,
    );
    const scoped = testReader({
      backend: { reading: { allow: [{ host: elsewhere.host, paths: ['/public/'] }] } },
    });
    await expect(scoped.readLocation(location)).rejects.toThrow(
      /only for paths starting with "\/public\/"/,
    );
    expect(elsewhere.requests).toEqual([]);
    await expect(
      reader.assertReadable({ type: 'url', target: 'ftp://example.com/x.yaml' }),
    ).rejects.toThrow(InputError);
    await expect(
      reader.assertReadable({ type: 'url', target: `http://user:pw@${server.host}/x.yaml` }),
    ).rejects.toThrow(/credentials are not accepted/);
  });

  it('allows a name resolving to loopback only when listed with its port', async () => {
    const byName = `http://localhost:${new URL(server.url).port}/catalog/all.yaml`;
    await expect(reader.readLocation({ type: 'url', target: byName })).rejects.toThrow(
      NotAllowedError,
    );
    const listed = testReader({
      backend: { reading: { allow: [{ host: `localhost:${new URL(server.url).port}` }] } },
    });
    const result = await listed.readLocation({ type: 'url', target: byName });
    expect(result.files[0]?.content.toString()).toBe('kind: Component\n');
  });

  it('fails a slow response with the timeout, and a big one with the size limit', async () => {
    const impatient = testReader({
      backend: { reading: { allow: [{ host: server.host }] } },
      catalog: { reading: { timeout: { milliseconds: 400 } } },
    });
    await expect(
      impatient.readLocation({ type: 'url', target: url('/catalog/slow.yaml') }),
    ).rejects.toThrow(/slow\.yaml timed out after 400 ms \(catalog\.reading\.timeout\)/);
    // It gave up on a request still waiting for its answer, and closed the connection.
    const slow = server.requests.find(request => request.path === '/catalog/slow.yaml');
    expect(slow?.answered).toBe(false);
    await eventually(() => expect(slow?.abandoned).toBe(true));

    const big = reader.readLocation({ type: 'url', target: url('/catalog/big.yaml') });
    await expect(big).rejects.toThrow(InputError);
    await expect(big).rejects.toThrow(
      /big\.yaml is 2000 bytes, over the limit of 1000 bytes \(catalog\.reading\.maxFileBytes\)/,
    );
    // Without a Content-Length, the body is cut off while streaming.
    await expect(
      reader.readLocation({ type: 'url', target: url('/catalog/streamed.yaml') }),
    ).rejects.toThrow(/streamed\.yaml is larger than the limit of 1000 bytes/);
  });

  it('maps missing files, server errors and globs', async () => {
    await expect(
      reader.readLocation({ type: 'url', target: url('/catalog/none.yaml') }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      reader.readLocation({ type: 'url', target: url('/catalog/broken.yaml') }),
    ).rejects.toThrow(/failed: HTTP 500/);
    await expect(
      reader.readLocation({ type: 'url', target: url('/catalog/*.yaml') }),
    ).rejects.toThrow(/globs work only in git repositories/);
  });

  it('annotates and resolves relative to the URL', () => {
    const file = { type: 'url' as const, target: url('/catalog/all.yaml?x=1') };
    expect(reader.annotationsFor(file)).toEqual({
      viewUrl: url('/catalog/all.yaml?x=1'),
      sourceLocation: `url:${url('/catalog/')}`,
    });
    expect(reader.resolveTarget(file, '../other/a.yaml')).toEqual({
      type: 'url',
      target: url('/other/a.yaml'),
    });
    expect(reader.repositoryOf(url('/catalog/all.yaml'))).toBeUndefined();
  });
});
