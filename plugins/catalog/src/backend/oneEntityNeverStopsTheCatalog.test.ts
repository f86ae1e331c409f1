import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '@callboard/catalog-model';
import {
  engineSkipReason,
  eventually,
  startGitServer,
  startTestServer,
  testEngines,
  type TestGitServer,
  type TestServer,
} from '@callboard/test-utils';

const component = (name: string, description: string) =>
  `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  description: ${JSON.stringify(description)}
spec:
  type: service
  lifecycle: production
  owner: team-a
`;

/**
 * The report of issue 13 §1, end to end: a Component whose description holds a NUL, committed
 * to one registered repository, made every processing round fail forever, on both engines.
 * Now the other repositories are read, refreshes are applied, and `/problems` names the field.
 */
describe.each(testEngines)('a NUL committed to one repository, served on %s', engine => {
  const skip = engineSkipReason(engine);
  let git: TestGitServer;
  let server: TestServer;

  beforeAll(async () => {
    if (skip) return;
    git = await startGitServer();
    server = await startTestServer({
      engine,
      config: {
        integrations: { git: [{ host: git.host }] },
        backend: { reading: { allow: [{ host: git.host }] } },
        catalog: { processingInterval: { minutes: 30 } },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await git?.close();
  });

  const api = (path: string, init?: RequestInit) => server.fetch(`/api/catalog${path}`, init);
  const post = async (path: string, body: unknown) => {
    const response = await api(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.clone().text()).toBeLessThan(300);
  };
  const description = async (name: string) => {
    const response = await api(`/entities/by-name/component/default/${name}`);
    if (response.status !== 200) throw new Error(`${name}: ${response.status}`);
    return ((await response.json()) as Entity).metadata.description;
  };

  it.skipIf(skip)(
    'reads every other repository, applies refreshes, and lists the problem',
    async () => {
      const poisoned = await git.createRepository('acme/poisoned.git', {
        'catalog-info.yaml': [
          component('poisoned', 'a\u0000b'),
          component('poisoned-neighbour', 'fine'),
        ].join('---\n'),
      });
      const healthy = await git.createRepository('acme/healthy.git', {
        'catalog-info.yaml': component('healthy', 'first'),
      });
      await post('/locations', { type: 'url', target: poisoned.cloneUrl });
      await post('/locations', { type: 'url', target: healthy.cloneUrl });

      expect(await eventually(() => description('healthy'))).toBe('first');
      expect(await eventually(() => description('poisoned-neighbour'))).toBe('fine');
      const problems = await eventually(async () => {
        const body = (await (await api('/problems?limit=100')).json()) as {
          items: Array<Record<string, unknown>>;
        };
        expect(body.items).toHaveLength(1);
        return body.items;
      });
      expect(problems).toEqual([
        {
          type: 'validation',
          level: 'error',
          entityRef: 'component:default/poisoned',
          location: `url:${poisoned.cloneUrl}`,
          file: `url:${poisoned.blobUrl('catalog-info.yaml')}`,
          document: 1,
          line: 1,
          field: 'metadata.description',
          message: 'metadata.description contains a NUL character, which cannot be stored',
        },
      ]);
      expect((await api('/entities/by-name/component/default/poisoned')).status).toBe(404);

      // Refreshes still apply.
      await healthy.commit({ 'catalog-info.yaml': component('healthy', 'second') });
      await post('/refresh', { entityRef: 'component:default/healthy' });
      await eventually(async () => expect(await description('healthy')).toBe('second'));
    },
  );
});
