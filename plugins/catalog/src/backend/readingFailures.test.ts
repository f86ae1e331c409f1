import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginList } from '@callboard/plugin-api/backend';
import {
  engineSkipReason,
  startGitServer,
  startStaticServer,
  startTestServer,
  testEngines,
  type TestGitServer,
  type TestStaticServer,
  type TestServer,
} from '@callboard/test-utils';
import { catalogPlugin } from './catalogPlugin';

/** A loopback port nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>(done => server.close(() => done()));
  return port;
}

/** An https server with a self-signed certificate nobody trusts. */
async function startUntrustedHttps(): Promise<{ server: Server; host: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-tls-'));
  try {
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=127.0.0.1',
      '-days',
      '1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    const server = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (_req, res) => res.end('kind: Component\n'),
    );
    await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
    return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ErrorAnswer {
  status: number;
  name: string;
  message: string;
}

/**
 * Every way reading a location can fail, through the API a person registers with: each answers
 * a 4xx or 502 with a sentence naming what to check, never a 500 "Internal server error". (A host
 * that never answers fails with a 502 too: the reader's timeout, in gitReader.test.ts.)
 */
describe.each(testEngines)('reading failures through the catalog API on %s', engine => {
  const skip = engineSkipReason(engine);
  let git: TestGitServer;
  let guarded: TestGitServer;
  let notGit: TestStaticServer;
  let tls: { server: Server; host: string };
  let deadHost: string;
  let server: TestServer;
  const unresolvable = 'git.callboard.invalid';

  beforeAll(async () => {
    if (skip) return;
    git = await startGitServer();
    await git.createRepository('acme/no-descriptor.git', { 'README.md': '# hi\n' });
    guarded = await startGitServer({ auth: { username: 'u', password: 'p' } });
    await guarded.createRepository('acme/secret.git', { 'catalog-info.yaml': 'kind: x\n' });
    notGit = await startStaticServer({
      '/acme/site/info/refs': {
        body: '<!doctype html>\n<html>\n<body>Welcome</body>\n</html>\n',
        headers: { 'content-type': 'text/html' },
      },
    });
    tls = await startUntrustedHttps();
    deadHost = `127.0.0.1:${await closedPort()}`;
    const loopback = [git.host, guarded.host, notGit.host, tls.host, deadHost];
    const plugins: PluginList = async (start, core) => {
      await start(catalogPlugin, { kinds: core.kinds });
    };
    server = await startTestServer({
      engine,
      plugins,
      config: {
        integrations: {
          git: [...loopback.map(host => ({ host })), { host: unresolvable }],
        },
        backend: {
          reading: { allow: [...loopback.map(host => ({ host })), { host: 'files.invalid' }] },
        },
        catalog: { processingInterval: { minutes: 30 } },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all([git?.close(), guarded?.close(), notGit?.close()]);
    await new Promise<void>(done => (tls ? tls.server.close(() => done()) : done()));
  });

  /** analyze-location, a dry-run registration and (when `register`) a registration. */
  async function answers(target: string, register = false): Promise<ErrorAnswer[]> {
    const post = async (path: string, body: unknown): Promise<ErrorAnswer> => {
      const response = await server.fetch(`/api/catalog${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as { error?: { name: string; message: string } };
      return {
        status: response.status,
        name: json.error?.name ?? '',
        message: json.error?.message ?? '',
      };
    };
    return [
      await post('/analyze-location', { location: { type: 'url', target } }),
      await post('/locations?dryRun=true', { type: 'url', target }),
      ...(register ? [await post('/locations', { type: 'url', target })] : []),
    ];
  }

  it.skipIf(skip)('a host name that does not resolve: 502, check the URL or DNS', async () => {
    const expected = {
      status: 502,
      name: 'BadGatewayError',
      message: `Could not resolve host ${unresolvable} — check the URL, or this machine's network, DNS and proxy settings`,
    };
    expect(await answers(`https://${unresolvable}/acme/payments`, true)).toEqual([
      expected,
      expected,
      expected,
    ]);
    // A plain file URL fails the same way.
    const plain = await answers('https://files.invalid/catalog-info.yaml', true);
    expect(plain.map(answer => answer.status)).toEqual([502, 502, 502]);
    expect(plain[0]?.message).toBe(
      "Could not resolve host files.invalid — check the URL, or this machine's network, DNS and proxy settings",
    );
  });

  it.skipIf(skip)('a port nothing listens on: 502, the host refused the connection', async () => {
    const expected = {
      status: 502,
      name: 'BadGatewayError',
      message: `${deadHost} refused the connection — check the URL and port, and that the server is running`,
    };
    expect(await answers(`http://${deadHost}/acme/gone.git`)).toEqual([expected, expected]);
  });

  it.skipIf(skip)('a certificate nobody trusts: 502, TLS certificate problem', async () => {
    for (const answer of await answers(`https://${tls.host}/acme/payments`)) {
      expect(answer).toMatchObject({ status: 502, name: 'BadGatewayError' });
      expect(answer.message).toMatch(
        // GnuTLS and OpenSSL builds of git word it differently; neither shows a server path.
        new RegExp(
          `^TLS certificate problem with ${tls.host}: (server certificate verification failed|self-signed certificate) — fix the server's certificate, or trust its certificate authority \\(GIT_SSL_CAINFO\\)$`,
        ),
      );
    }
  });

  it.skipIf(skip)('a repository that needs credentials: 403, configure a token', async () => {
    const expected = {
      status: 403,
      name: 'NotAllowedError',
      message: `Repository ${guarded.url}/acme/secret needs credentials (or does not exist): ${guarded.host} answered 401 — configure a token for ${guarded.host} under integrations.git, and check the URL`,
    };
    expect(await answers(`${guarded.url}/acme/secret.git`)).toEqual([expected, expected]);
  });

  it.skipIf(skip)('a repository that does not exist: 404, check the URL', async () => {
    const expected = {
      status: 404,
      name: 'NotFoundError',
      message: `Repository ${git.url}/acme/missing was not found (404) — check the URL and that the repository exists`,
    };
    expect(await answers(`${git.url}/acme/missing.git`)).toEqual([expected, expected]);
  });

  it.skipIf(skip)(
    'a web site that is not a git repository: 400, not a git repository',
    async () => {
      const expected = {
        status: 400,
        name: 'InputError',
        message: `${notGit.url}/acme/site is not a git repository: ${notGit.host} did not answer as a git server — use the repository's clone URL or its browse URL on the forge`,
      };
      expect(await answers(`${notGit.url}/acme/site`)).toEqual([expected, expected]);
    },
  );

  it.skipIf(skip)(
    'a repository without a descriptor: an analysis with nothing to import; a dry run answers 404',
    async () => {
      const target = `${git.url}/acme/no-descriptor.git`;
      const missing = new RegExp(
        `There is no catalog-info\\.yaml in the folder / at main \\(commit [0-9a-f]{12}\\) in ${git.url}/acme/no-descriptor — add one, or enter the URL of the descriptor file$`,
      );
      const analysis = await server.fetch('/api/catalog/analyze-location', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ location: { type: 'url', target } }),
      });
      expect(analysis.status).toBe(200);
      const body = (await analysis.json()) as {
        existingEntityFiles: unknown[];
        problems: Array<{ type: string; message: string }>;
      };
      expect(body.existingEntityFiles).toEqual([]);
      expect(body.problems).toEqual([
        expect.objectContaining({ type: 'read', message: expect.stringMatching(missing) }),
      ]);
      const [, dryRun] = await answers(target);
      expect(dryRun).toEqual({
        status: 404,
        name: 'NotFoundError',
        message: expect.stringMatching(missing),
      });
    },
  );
});
