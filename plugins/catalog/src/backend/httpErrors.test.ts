import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  engineSkipReason,
  startTestServer,
  testEngines,
  type TestServer,
} from '@callboard/test-utils';

interface ErrorBody {
  error: { name: string; message: string };
  request: { method: string; url: string };
  response: { statusCode: number };
}

/** Nothing internal: no SQL, no stack frame, no file of the server. */
function expectNothingInternal(text: string) {
  expect(text).not.toMatch(/\b(?:select|insert into|update|delete from|where|returning)\b/i);
  expect(text).not.toMatch(/\bat \S+ \(|\bat (?:file:|\/)|node:internal/);
  expect(text).not.toMatch(/\/work\b|node_modules|file:\/\/|\/(?:home|srv|usr|tmp|root)\//);
  expect(text).not.toMatch(/Maximum call stack|RangeError/);
}

describe.each(testEngines)('errors over HTTP on %s', engine => {
  const skip = engineSkipReason(engine);
  let server: TestServer;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer({
      engine,
      config: { backend: { reading: { allow: [{ host: 'example.com' }] } } },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const send = (path: string, body: string, method = 'POST') =>
    server.fetch(`/api/catalog${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body,
    });

  async function expectRefused(response: Response, status: number, message: string) {
    const text = await response.text();
    expectNothingInternal(text);
    expect(response.status, text).toBe(status);
    const body = JSON.parse(text) as ErrorBody;
    expect(body.error).toEqual({ name: 'InputError', message });
    expect(body.response).toEqual({ statusCode: status });
  }

  it.skipIf(skip)('refuses a NUL in a query parameter before it reaches SQL', async () => {
    await expectRefused(
      await server.fetch('/api/catalog/entities/by-query?fullTextFilterTerm=%00'),
      400,
      'query parameter fullTextFilterTerm contains a NUL character',
    );
    await expectRefused(
      await server.fetch('/api/catalog/entities?filter=kind=component,metadata.name=a%00b'),
      400,
      'query parameter filter contains a NUL character',
    );
  });

  it.skipIf(skip)('refuses a NUL in a path parameter, naming it', async () => {
    await expectRefused(
      await server.fetch('/api/catalog/entities/by-name/component/default/%00'),
      400,
      'path parameter name contains a NUL character',
    );
    await expectRefused(
      await server.fetch('/api/catalog/entities/by-uid/a%00'),
      400,
      'path parameter uid contains a NUL character',
    );
    await expectRefused(
      await server.fetch('/api/catalog/locations/x%00y'),
      400,
      'path parameter id contains a NUL character',
    );
  });

  it.skipIf(skip)('refuses a NUL or an unpaired surrogate in a body string', async () => {
    await expectRefused(
      await send(
        '/locations',
        JSON.stringify({ type: 'url', target: 'https://example.com/a\u0000.yaml' }),
      ),
      400,
      'body field target contains a NUL character',
    );
    await expectRefused(
      await send(
        '/validate-entity',
        '{"location":"url:https://example.com/x","entity":{"metadata":{"name":"a\\ud800"}}}',
      ),
      400,
      'body field entity.metadata.name contains an unpaired surrogate (U+D800)',
    );
    await expectRefused(
      await send('/refresh', '{"entityRef":"component:default/\\u0000"}'),
      400,
      'body field entityRef contains a NUL character',
    );
  });

  it.skipIf(skip)('refuses a body nested 100,000 levels deep with a sentence', async () => {
    const depth = 100_000;
    const entity = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    await expectRefused(
      await send('/validate-entity', `{"location":"url:https://example.com/x","entity":${entity}}`),
      400,
      'body field entity is nested deeper than 100 levels',
    );
    const arrays = '['.repeat(depth) + ']'.repeat(depth);
    await expectRefused(
      await send('/validate-entity', `{"location":"url:https://example.com/x","entity":${arrays}}`),
      400,
      'body field entity is nested deeper than 100 levels',
    );
  });

  it.skipIf(skip)('answers a body over the limit with 413 and a sentence', async () => {
    const body = JSON.stringify({
      location: 'url:https://example.com/x',
      entity: { a: 'x'.repeat(6_000_000) },
    });
    await expectRefused(
      await send('/validate-entity', body),
      413,
      'The request body is larger than the limit of 5 MB',
    );
  });

  it.skipIf(skip)('still answers ordinary requests', async () => {
    const response = await server.fetch('/api/catalog/entities/by-query?fullTextFilterTerm=abc');
    expect(response.status).toBe(200);
    const missing = await server.fetch('/api/catalog/entities/by-name/component/default/nope');
    expect(missing.status).toBe(404);
  });
});
