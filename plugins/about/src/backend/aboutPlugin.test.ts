import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  engineSkipReason,
  startTestServer,
  testEngines,
  type TestServer,
} from '@callboard/test-utils';
import { aboutInfoSchema } from '../common';
import { aboutPlugin } from './aboutPlugin';

/**
 * The example plugin over real HTTP, started alone on each engine: what a new plugin copies,
 * its test included.
 */
describe.each(testEngines)('the about plugin on %s', engine => {
  const skip = engineSkipReason(engine);
  let server: TestServer;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer({
      engine,
      plugins: async (start, core) => {
        await start(aboutPlugin, { info: core.info });
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(skip)('answers what runs: this plugin, this engine, this replica', async () => {
    const response = await server.fetch('/api/about/info');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const info = aboutInfoSchema.parse(await response.json());
    expect(info.name).toBe('Callboard');
    expect(info.nodeVersion).toBe(process.version);
    expect(info.plugins).toEqual([{ id: 'about' }]);
    expect(info.database.engine).toBe(engine === 'pglite' ? 'pglite' : 'pg');
    expect(info.database.serverVersion).toMatch(/^\d+\.\d+/);
    expect(info.replicas.map(replica => replica.id)).toEqual([info.instanceId]);
    expect(new Date(info.startedAt).getTime()).not.toBeNaN();
  });

  it.skipIf(skip)('answers an unknown path under its API with a typed 404', async () => {
    const response = await server.fetch('/api/about/nope');
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { name: string } };
    expect(body.error.name).toBe('NotFoundError');
  });
});
