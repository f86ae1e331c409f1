import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemsResponse } from '../common';
import type { PluginList } from '@callboard/plugin-api/backend';
import {
  engineSkipReason,
  eventually,
  startStaticServer,
  startTestServer,
  testEngines,
  type TestServer,
  type TestStaticServer,
} from '@callboard/test-utils';
import { catalogPlugin } from './catalogPlugin';

const yaml = (...documents: string[]) => documents.map(d => d.trim()).join('\n---\n') + '\n';

/** Two problems on one entity: a name that is not valid and no owner. */
const twoProblems = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: Not A Valid Name!
spec:
  type: service
  lifecycle: production`;
/** One problem: no lifecycle. */
const oneProblem = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: no-lifecycle
spec:
  type: service
  owner: team-a`;
const valid = (name: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: team-a`;

/**
 * `totalItems` of /problems and `problems` of /status count the problems the list shows (an
 * entity can have several), not the entities that have problems.
 */
describe.each(testEngines)('counting ingestion problems on %s', engine => {
  const skip = engineSkipReason(engine);
  let files: TestStaticServer;
  let server: TestServer;

  beforeAll(async () => {
    if (skip) return;
    files = await startStaticServer({
      '/a.yaml': yaml(twoProblems, oneProblem, valid('fine')),
      // A second location defines `fine` too: a conflict, one more problem.
      '/b.yaml': yaml(valid('fine')),
    });
    const plugins: PluginList = async (start, core) => {
      await start(catalogPlugin, { kinds: core.kinds });
    };
    server = await startTestServer({
      engine,
      plugins,
      config: {
        backend: { reading: { allow: [{ host: files.host }] } },
        catalog: { processingInterval: { minutes: 30 } },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await files?.close();
  });

  const api = async <T>(path: string): Promise<T> =>
    (await (await server.fetch(`/api/catalog${path}`)).json()) as T;

  it.skipIf(skip)('counts problems, not entities with problems', async () => {
    for (const file of ['a', 'b']) {
      const response = await server.fetch('/api/catalog/locations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'url', target: `${files.url}/${file}.yaml` }),
      });
      expect(response.status).toBe(201);
    }
    await eventually(async () => {
      const all = await api<ProblemsResponse>('/problems');
      expect(all.items.length).toBe(4);
    });

    const all = await api<ProblemsResponse>('/problems');
    expect(all.totalItems).toBe(4);
    expect(all.items.map(problem => [problem.type, problem.entityRef ?? null])).toEqual([
      ['conflict', 'component:default/fine'],
      ['validation', 'component:default/no-lifecycle'],
      ['validation', 'component:default/not a valid name!'],
      ['validation', 'component:default/not a valid name!'],
    ]);
    expect((await api<{ problems: number }>('/status')).problems).toBe(4);

    // One entity's problems: both of them.
    const one = await api<ProblemsResponse>(
      `/problems?entityRef=${encodeURIComponent('component:default/Not A Valid Name!')}`,
    );
    expect([one.totalItems, one.items.length]).toEqual([2, 2]);

    // One location's problems: the two entities of a.yaml with theirs; b.yaml's conflict.
    const ofA = await api<ProblemsResponse>(
      `/problems?location=${encodeURIComponent(`url:${files.url}/a.yaml`)}`,
    );
    expect([ofA.totalItems, ofA.items.map(problem => problem.entityRef)]).toEqual([
      3,
      [
        'component:default/no-lifecycle',
        'component:default/not a valid name!',
        'component:default/not a valid name!',
      ],
    ]);
    const ofB = await api<ProblemsResponse>(
      `/problems?location=${encodeURIComponent(`url:${files.url}/b.yaml`)}`,
    );
    expect([ofB.totalItems, ofB.items.map(problem => problem.type)]).toEqual([1, ['conflict']]);

    // A page holds the problems of `limit` entities; the total is still every problem.
    const page = await api<ProblemsResponse>('/problems?limit=2');
    expect(page.totalItems).toBe(4);
    expect(page.items.map(problem => problem.entityRef)).toEqual([
      'component:default/fine',
      'component:default/no-lifecycle',
    ]);
    expect(page.pageInfo.nextCursor).toEqual(expect.any(String));
  });
});
