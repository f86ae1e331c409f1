import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateEntity } from '@callboard/catalog-model';
import { definePlugin, pluginList } from '@callboard/plugin-api/backend';
import {
  engineSkipReason,
  eventually,
  startTestServer,
  testEngines,
  type TestServer,
} from '@callboard/test-utils';
import { createProbePlugin, type ProbeState } from '../test/probePlugin';

/** A stand-in for `packages/app/dist`, so these tests do not depend on a frontend build. */
function fakeAppDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>Callboard</title><div id="root"></div>',
  );
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log("app")');
  return dir;
}

describe.each(testEngines)('the backend over HTTP on %s', engine => {
  const skip = engineSkipReason(engine);
  const state: ProbeState = { heard: [], shutDown: false, taskRuns: 0 };
  let server: TestServer;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer({
      engine,
      plugins: pluginList([createProbePlugin(state)]),
      config: {
        probe: { greeting: 'hi from config' },
        // backend.csp (Backstage's key) changes the policy: replace, add, drop.
        backend: { csp: { 'img-src': ["'self'"], 'frame-src': ["'none'"], 'worker-src': false } },
      },
      appDistDir: fakeAppDist(),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const json = (path: string, body: unknown, init: RequestInit = {}) =>
    server.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...init,
    });

  it.skipIf(skip)('answers /healthz and /readyz', async () => {
    expect((await server.fetch('/healthz')).status).toBe(200);
    const ready = await server.fetch('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it.skipIf(skip)(
    'sends security headers on API answers and pages, with backend.csp applied and without HSTS',
    async () => {
      for (const path of ['/api/probe/greeting', '/healthz', '/catalog']) {
        const response = await server.fetch(path);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        const policy = response.headers.get('content-security-policy') ?? '';
        expect(policy).toContain("default-src 'self'");
        expect(policy).toContain("script-src-attr 'none'");
        expect(policy).not.toMatch(/script-src [^;]*'unsafe-inline'/);
        expect(policy).toContain("img-src 'self';");
        expect(policy).toContain("frame-src 'none'");
        expect(policy).not.toContain('worker-src');
        // Plain-HTTP deployments on an internal network must keep working.
        expect(policy).not.toContain('upgrade-insecure-requests');
        expect(response.headers.get('strict-transport-security')).toBeNull();
      }
    },
  );

  it.skipIf(skip)(
    "gives the plugin its validated config slice and the backend's public URL",
    async () => {
      const response = await server.fetch('/api/probe/greeting');
      expect(await response.json()).toEqual({ greeting: 'hi from config', baseUrl: server.url });
    },
  );

  it.skipIf(skip)('migrated the plugin into its own tables and migration table', async () => {
    const knex = server.backend.database.knex;
    expect(await knex.schema.hasTable('probe_items')).toBe(true);
    expect(await knex.schema.hasTable('probe_knex_migrations')).toBe(true);
    const applied = (await knex('probe_knex_migrations').pluck('name')) as string[];
    expect(applied).toEqual(['20260101000000_create_items']);
  });

  it.skipIf(skip)(
    'creates through a validated JSON body and maps a unique violation to 409',
    async () => {
      const created = await json('/api/probe/items', { name: 'first' });
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ name: 'first' });

      const duplicate = await json('/api/probe/items', { name: 'first' });
      expect(duplicate.status).toBe(409);
      expect(await duplicate.json()).toMatchObject({
        error: { name: 'ConflictError' },
        response: { statusCode: 409 },
      });
    },
  );

  it.skipIf(skip)('answers bad input with 400 and a message naming the field', async () => {
    const invalid = await json('/api/probe/items', { name: 42 });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { error: { name: string; message: string } };
    expect(body.error.name).toBe('InputError');
    expect(body.error.message).toMatch(/^Invalid request body: name: /);

    // A byte body makes fetch send no content-type at all.
    const noType = await server.fetch('/api/probe/items', {
      method: 'POST',
      body: new TextEncoder().encode('{"name":"x"}'),
    });
    expect(noType.status).toBe(400);
    expect(((await noType.json()) as { error: { message: string } }).error.message).toBe(
      'Content-Type missing',
    );

    const textType = await server.fetch('/api/probe/items', {
      method: 'POST',
      body: '{"name":"x"}',
    });
    expect(textType.status).toBe(400);
    expect(((await textType.json()) as { error: { message: string } }).error.message).toBe(
      'Illegal Content-Type',
    );

    const broken = await server.fetch('/api/probe/items', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(broken.status).toBe(400);
    expect(
      ((await broken.json()) as { error: { name: string; message: string } }).error,
    ).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/not valid JSON/) as unknown,
    });

    const empty = await json('/api/probe/items', {});
    expect(((await empty.json()) as { error: { message: string } }).error.message).toBe(
      'Empty request body',
    );
  });

  it.skipIf(skip)("answers typed errors with Backstage's exact error body", async () => {
    const response = await server.fetch('/api/probe/items/999');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      error: { name: 'NotFoundError', message: 'No item with id 999' },
      request: { method: 'GET', url: '/api/probe/items/999' },
      response: { statusCode: 404 },
    });
  });

  it.skipIf(skip)('hides the details of unexpected errors behind a 500', async () => {
    const ids = new Set<string>();
    for (const route of ['boom', 'database-boom', 'stack-boom']) {
      const response = await server.fetch(`/api/probe/${route}`);
      const text = await response.text();
      expect(response.status, route).toBe(500);
      expect(text).not.toMatch(/secret|select|probe_missing_table|Maximum call stack|RangeError/i);
      const body = JSON.parse(text) as {
        error: unknown;
        request: { method: string; url: string; id: string };
      };
      expect(body).toEqual({
        error: { name: 'InternalServerError', message: 'Internal server error' },
        request: { method: 'GET', url: `/api/probe/${route}`, id: expect.any(String) as unknown },
        response: { statusCode: 500 },
      });
      ids.add(body.request.id);
    }
    // Each failure has its own id, to find its details in the log.
    expect(ids.size).toBe(3);
  });

  it.skipIf(skip)('keeps SQL and server paths out of the messages of typed errors', async () => {
    const wrapped = await server.fetch('/api/probe/wrapped-boom');
    expect(wrapped.status).toBe(400);
    expect(((await wrapped.json()) as { error: unknown }).error).toEqual({
      name: 'InputError',
      message: 'an internal error occurred',
    });
    const unavailable = await server.fetch('/api/probe/unavailable');
    expect(unavailable.status).toBe(503);
    expect(((await unavailable.json()) as { error: unknown }).error).toEqual({
      name: 'ServiceUnavailableError',
      message: 'Try again later (failed at (server file))',
    });
  });

  it.skipIf(skip)('refuses a NUL in a path parameter, naming the parameter', async () => {
    const response = await server.fetch('/api/probe/items/1%00');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: unknown }).error).toEqual({
      name: 'InputError',
      message: 'path parameter id contains a NUL character',
    });
  });

  it.skipIf(skip)(
    'answers unknown API paths with a 404 error body, never the app shell',
    async () => {
      for (const path of ['/api/nope', '/api/probe/not-a-route', '/api/']) {
        const response = await server.fetch(path);
        expect(response.status, path).toBe(404);
        expect(((await response.json()) as { error: { name: string } }).error.name).toBe(
          'NotFoundError',
        );
      }
    },
  );

  it.skipIf(skip)(
    'serves the app with client-side routing fallback, but not for missing files',
    async () => {
      const page = await server.fetch('/catalog/default/component/petstore');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<div id="root">');

      const asset = await server.fetch('/assets/app-abc123.js');
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toMatch(/immutable/);

      expect((await server.fetch('/assets/missing-123.js')).status).toBe(404);
      expect((await server.fetch('/missing-logo.png')).status).toBe(404);

      // A browser navigating to a page path that contains a dot still gets the app.
      const dotted = await server.fetch('/docs/default/component/x/README.md', {
        headers: { accept: 'text/html,*/*;q=0.8' },
      });
      expect(dotted.status).toBe(200);
      expect(await dotted.text()).toContain('<div id="root">');
    },
  );

  it.skipIf(skip)('delivers NOTIFY to the plugin that listens, scoped to the plugin', async () => {
    const response = await json('/api/probe/notify', { payload: `hello-${engine}` });
    expect(response.status).toBe(204);
    await eventually(() => expect(state.heard).toContain(`hello-${engine}`));
  });

  it.skipIf(skip)('runs a scheduled task when the plugin triggers it', async () => {
    expect(state.taskRuns).toBe(0);
    expect((await server.fetch('/api/probe/run-task', { method: 'POST' })).status).toBe(202);
    await eventually(() => expect(state.taskRuns).toBe(1));
    const tasks = await server.backend.info.scheduledTasks();
    expect(tasks.map(t => t.id)).toContain('probe.count');
  });

  it.skipIf(skip)('runs shutdown hooks on close', async () => {
    expect(state.shutDown).toBe(false);
    await server.close();
    expect(state.shutDown).toBe(true);
  });
});

describe('plugin start-up failures', () => {
  it("refuses a plugin's bad config with the exact key", async () => {
    const state: ProbeState = { heard: [], shutDown: false, taskRuns: 0 };
    await expect(
      startTestServer({
        plugins: pluginList([createProbePlugin(state)]),
        config: { probe: { greeting: '' } },
      }),
    ).rejects.toThrow(/probe\.greeting: .*>=1 characters/);
  });

  it('refuses a plugin that creates a table outside its own prefix', async () => {
    const state: ProbeState = { heard: [], shutDown: false, taskRuns: 0 };
    await expect(
      startTestServer({
        plugins: pluginList([createProbePlugin(state, { id: 'sneaky', foreignTable: true })]),
      }),
    ).rejects.toThrow(
      /created or changed .*not_my_table; a plugin may only own tables named sneaky_\*/,
    );
  });

  it('refuses a plugin id the core reserves and a plugin started twice', async () => {
    const state: ProbeState = { heard: [], shutDown: false, taskRuns: 0 };
    await expect(
      startTestServer({ plugins: pluginList([createProbePlugin(state, { id: 'backend' })]) }),
    ).rejects.toThrow(/"backend" is reserved/);
    const plugin = createProbePlugin(state);
    await expect(startTestServer({ plugins: pluginList([plugin, plugin]) })).rejects.toThrow(
      /started twice/,
    );
  });
});

describe('entity kinds from plugins', () => {
  const widget = {
    apiVersion: 'widgets.example.com/v1',
    kind: 'Widget',
    metadata: { name: 'blue-widget' },
    spec: { owner: 'team-a', size: 3 },
  };
  const widgetsPlugin = definePlugin({
    id: 'widgets',
    kinds: [
      {
        kind: 'Widget',
        apiVersions: ['widgets.example.com/v1'],
        specSchema: z.object({ owner: z.string(), size: z.number().int().positive() }),
        relationFields: [
          { path: 'spec.owner', relation: 'ownedBy', reverse: 'ownerOf', defaultKind: 'Group' },
        ],
      },
    ],
    setup: () => {},
  });

  it('rejects a kind no plugin declares, and accepts it once a plugin declares it', async () => {
    const withoutPlugin = await startTestServer({ plugins: pluginList([]) });
    try {
      const verdict = validateEntity(widget, { registry: withoutPlugin.backend.kinds.registry() });
      expect(verdict.ok).toBe(false);
      expect(JSON.stringify(verdict)).toMatch(/kind \\"Widget\\" is not known/);
    } finally {
      await withoutPlugin.close();
    }

    const withPlugin = await startTestServer({ plugins: pluginList([widgetsPlugin]) });
    try {
      const registry = withPlugin.backend.kinds.registry();
      expect(validateEntity(widget, { registry }).ok).toBe(true);
      const invalid = validateEntity(
        { ...widget, spec: { owner: 'team-a', size: -1 } },
        { registry },
      );
      expect(invalid.ok).toBe(false);
      // The core kinds are still there.
      expect(registry.kinds()).toEqual(expect.arrayContaining(['Component', 'Group', 'Widget']));
    } finally {
      await withPlugin.close();
    }
  });
});
