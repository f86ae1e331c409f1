import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import type { CatalogService } from './CatalogService';
import { catalogPlugin } from './catalogPlugin';
import {
  engineSkipReason,
  startGitServer,
  startTestServer,
  testEngines,
  type TestGitServer,
  type TestRepository,
  type TestServer,
} from '@callboard/test-utils';
import {
  addLocation,
  analyzeLocation,
  deleteEntityByUid,
  findLocation,
  getEntitiesByRefs,
  getEntityByRef,
  getFacets,
  getLocationByEntity,
  queryAllEntities,
  queryEntities,
  refreshEntity,
} from '../common/client';

const component = (name: string, lifecycle: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  title: ${name.toUpperCase()}\nspec:\n  type: service\n  lifecycle: ${lifecycle}\n  owner: team-a\n`;

/**
 * The catalog's typed client — what every plugin's pages use — against the real catalog over
 * HTTP on each engine: typed entities, typed errors with the server's message, paging.
 * `fetchApi` calls `/api/...` relative to the page; here the page is the test server.
 */
describe.each(testEngines)('the typed catalog client on %s', engine => {
  const skip = engineSkipReason(engine);
  let git: TestGitServer;
  let server: TestServer;
  let catalog: CatalogService | undefined;
  let repository: TestRepository;
  const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];

  beforeAll(async () => {
    if (skip) return;
    git = await startGitServer();
    repository = await git.createRepository('typed/client.git', {
      'catalog-info.yaml': names
        .map((name, index) => component(name, index % 2 === 0 ? 'production' : 'experimental'))
        .join('---\n'),
    });
    server = await startTestServer({
      engine,
      plugins: async (start, core) => {
        catalog = await start(catalogPlugin, { kinds: core.kinds });
      },
      config: {
        integrations: { git: [{ host: git.host }] },
        backend: { reading: { allow: [{ host: git.host }] } },
        catalog: { processingInterval: { minutes: 30 } },
      },
    });
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string | URL, init?: RequestInit) =>
      realFetch(new URL(String(input), server.url), init),
    );
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await server?.close();
    await git?.close();
  });

  it.skipIf(skip)('registers, reads, queries, pages and removes, all typed', async () => {
    const analyzed = await analyzeLocation(repository.cloneUrl);
    // Analysis shows what the files hold, valid or not: the entity is a plain record.
    const nameOf = ({ metadata }: Record<string, unknown>) =>
      metadata && typeof metadata === 'object' && 'name' in metadata ? metadata.name : undefined;
    expect(analyzed.existingEntityFiles.map(file => nameOf(file.entity))).toEqual(names);
    const { location } = await addLocation(repository.cloneUrl);
    expect(location).toMatchObject({ type: 'url', target: repository.cloneUrl });
    await catalog!.whenIdle();

    const alpha = await getEntityByRef('component:default/alpha');
    expect(alpha.metadata.title).toBe('ALPHA');
    expect(alpha.spec?.lifecycle).toBe('production');

    const batch = await getEntitiesByRefs(['component:default/echo', 'component:default/nope']);
    expect(batch.map(entity => entity?.metadata.name ?? null)).toEqual(['echo', null]);

    const first = await queryEntities({
      filter: ['kind=component,spec.lifecycle=production'],
      orderField: ['metadata.name,asc'],
      limit: 2,
    });
    expect(first.totalItems).toBe(3);
    expect(first.items.map(entity => entity.metadata.name)).toEqual(['alpha', 'charlie']);
    const second = await queryEntities({ cursor: first.pageInfo.nextCursor!, limit: 2 });
    expect(second.items.map(entity => entity.metadata.name)).toEqual(['echo']);
    expect(second.pageInfo.nextCursor).toBeUndefined();

    const all = await queryAllEntities({ query: { kind: 'component' } });
    expect(all.map(entity => entity.metadata.name).sort()).toEqual(names);

    const facets = await getFacets(['spec.lifecycle'], ['kind=component']);
    expect(facets.facets['spec.lifecycle']).toEqual(
      expect.arrayContaining([
        { value: 'production', count: 3 },
        { value: 'experimental', count: 2 },
      ]),
    );

    expect((await getLocationByEntity('component:default/bravo')).id).toBe(location.id);
    expect((await findLocation('url', repository.cloneUrl))?.id).toBe(location.id);
    await refreshEntity('component:default/bravo');

    await deleteEntityByUid(alpha.metadata.uid!);
    await expect(getEntityByRef('component:default/alpha')).rejects.toBeInstanceOf(NotFoundError);
  });

  it.skipIf(skip)('turns error bodies into typed errors with the server’s message', async () => {
    const missing = await getEntityByRef('component:default/missing').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toBe(
      "No entity named 'missing' found, with kind 'component' in namespace 'default'",
    );
    const bad = await queryEntities({ filter: ['kind'], limit: -1 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InputError);
  });
});
