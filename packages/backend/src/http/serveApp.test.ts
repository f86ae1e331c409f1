import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { decodedBody, listenOnLoopback, rawRequest } from '../test/rawHttp';
import { createHttpApp } from './createHttpApp';
import { withAppTitle } from './serveApp';

const page =
  '<!doctype html>\n<html>\n  <head>\n    <title>Callboard</title>\n  </head>\n  <body></body>\n</html>\n';

describe('withAppTitle', () => {
  it('leaves the page alone without a title', () => {
    expect(withAppTitle(page, undefined)).toBe(page);
  });

  it('writes the title and the meta tag the frontend reads, escaped as text', () => {
    const html = withAppTitle(page, `Acme <Portal> & "Co" 'x'`);
    const escaped = 'Acme &lt;Portal&gt; &amp; &quot;Co&quot; &#39;x&#39;';
    expect(html).toContain(`<title>${escaped}</title>`);
    expect(html).toContain(`<meta name="callboard:app-title" content="${escaped}" />`);
    expect(html).not.toContain('<Portal>');
    expect(html.indexOf('callboard:app-title')).toBeLessThan(html.indexOf('</head>'));
  });

  it("keeps a title's dollar signs as they are", () => {
    const html = withAppTitle(page, "Ops $& Co $' $1");
    expect(html).toContain('<title>Ops $&amp; Co $&#39; $1</title>');
    expect(html).toContain('content="Ops $&amp; Co $&#39; $1"');
  });
});

/** A build as Vite and the precompression step leave it, small enough to read in a test. */
function fakeBuild(): { dir: string; script: string } {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-serve-app-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html>\n<html>\n  <head>\n    <title>Callboard</title>\n  </head>\n  <body><div id="root"></div></body>\n</html>\n`,
  );
  const script = `export const rows = [${Array.from({ length: 300 }, (_, i) => `'row-${i}'`).join(', ')}];\n`;
  const withVariants = (name: string, content: string, encodings: Array<'br' | 'gz'>) => {
    writeFileSync(join(dir, name), content);
    if (encodings.includes('br'))
      writeFileSync(join(dir, `${name}.br`), brotliCompressSync(content));
    if (encodings.includes('gz')) writeFileSync(join(dir, `${name}.gz`), gzipSync(content));
  };
  withVariants('assets/index-abc123.js', script, ['br', 'gz']);
  withVariants('assets/index-abc123.css', `body { color: red; }\n`.repeat(100), ['gz']);
  withVariants('assets/tiny-abc123.js', 'export {};\n', []);
  withVariants('color-scheme.js', `/* ${'x'.repeat(2000)} */\n`, ['br', 'gz']);
  writeFileSync(join(dir, '.build-inputs.json'), '{"format":1}');
  return { dir, script };
}

describe('the built app over HTTP', () => {
  const build = fakeBuild();
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  beforeAll(async () => {
    const http = createHttpApp({
      logger: createLogger({ level: 'silent', pretty: false }),
      appDistDir: build.dir,
      checkDatabase: async () => {},
      appTitle: 'Acme <Portal>',
    });
    server = await listenOnLoopback(http.app);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(build.dir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    rawRequest(`${server.url}${path}`, { headers, method });
  const asset = '/assets/index-abc123.js';
  const brSize = statSync(join(build.dir, 'assets/index-abc123.js.br')).size;
  const gzSize = statSync(join(build.dir, 'assets/index-abc123.js.gz')).size;

  it("sends brotli to Chromium's Accept-Encoding, which lists gzip first", async () => {
    const response = await get(asset, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-length']).toBe(String(brSize));
    expect(response.body.length).toBe(brSize);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers.vary).toBe('Accept-Encoding');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(decodedBody(response)).toBe(build.script);
  });

  it('sends gzip to a client that accepts only gzip, or refuses brotli', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip', 'gzip;q=1, br;q=0.5']) {
      const response = await get(asset, { 'accept-encoding': accept });
      expect(response.headers['content-encoding'], accept).toBe('gzip');
      expect(response.headers['content-length']).toBe(String(gzSize));
      expect(decodedBody(response)).toBe(build.script);
    }
  });

  it('sends the file as it is to a client without Accept-Encoding, or one that asks for identity', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'br;q=0, gzip;q=0' },
    ]) {
      const response = await get(asset, headers);
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers['content-length']).toBe(String(Buffer.byteLength(build.script)));
      expect(response.body.toString('utf8')).toBe(build.script);
      // Still varies: a cache must not hand this copy to a client that accepts brotli.
      expect(response.headers.vary).toBe('Accept-Encoding');
    }
  });

  it('uses the variants that exist: gzip only for a file without brotli, none for a tiny one', async () => {
    const css = await get('/assets/index-abc123.css', { 'accept-encoding': 'br, gzip' });
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const tiny = await get('/assets/tiny-abc123.js', { 'accept-encoding': 'br, gzip' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString('utf8')).toBe('export {};\n');
  });

  it('gives every encoding its own ETag and answers a matching If-None-Match with 304', async () => {
    const br = await get(asset, { 'accept-encoding': 'br' });
    const gzip = await get(asset, { 'accept-encoding': 'gzip' });
    const identity = await get(asset);
    const etags = [br, gzip, identity].map(response => response.headers.etag);
    expect(new Set(etags).size).toBe(3);

    const revalidated = await get(asset, {
      'accept-encoding': 'br',
      'if-none-match': br.headers.etag!,
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
    expect(revalidated.headers.vary).toBe('Accept-Encoding');
    expect(revalidated.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The brotli copy's ETag does not validate the gzip copy.
    const other = await get(asset, {
      'accept-encoding': 'gzip',
      'if-none-match': br.headers.etag!,
    });
    expect(other.status).toBe(200);
    expect(other.headers['content-encoding']).toBe('gzip');
  });

  it('answers HEAD with the headers of the variant it would send', async () => {
    const response = await get(asset, { 'accept-encoding': 'br' }, 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-length']).toBe(String(brSize));
    expect(response.body.length).toBe(0);
  });

  it('revalidates files without a content hash in their name', async () => {
    const response = await get('/color-scheme.js', { 'accept-encoding': 'br' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves the page with app.title in every encoding, never cached without revalidation', async () => {
    const bodies: string[] = [];
    for (const accept of ['br', 'gzip', undefined]) {
      const response = await get(
        '/catalog/default/component/x',
        accept ? { 'accept-encoding': accept } : {},
      );
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe(accept);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers.vary).toBe('Accept-Encoding');
      expect(response.headers['content-length']).toBe(String(response.body.length));
      bodies.push(decodedBody(response));
    }
    expect(bodies[0]).toContain('<title>Acme &lt;Portal&gt;</title>');
    expect(bodies[0]).toContain(
      '<meta name="callboard:app-title" content="Acme &lt;Portal&gt;" />',
    );
    expect(new Set(bodies).size).toBe(1);

    const first = await get('/', { 'accept-encoding': 'br' });
    const again = await get('/catalog', {
      'accept-encoding': 'br',
      'if-none-match': first.headers.etag!,
    });
    expect(again.status).toBe(304);
  });

  it('never serves the build record, a compressed copy by its own name, or the page for a missing asset', async () => {
    expect((await get('/.build-inputs.json')).status).toBe(404);
    expect((await get('/assets/index-abc123.js.br', { 'accept-encoding': 'br' })).status).toBe(404);
    const missing = await get('/assets/missing-123.js', { accept: 'text/html,*/*;q=0.8' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
  });
});
