import { CatalogClient } from '@backstage/catalog-client';
import type { Entity } from '@callboard/catalog-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginList } from '@callboard/plugin-api/backend';
import {
  engineSkipReason,
  startGitServer,
  startTestServer,
  testEngines,
  type TestGitServer,
  type TestRepository,
  type TestServer,
} from '@callboard/test-utils';
import { catalogPlugin } from './catalogPlugin';
import type { CatalogService } from './CatalogService';

const component = (name: string, system = 'shop') =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  tags: [java]\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n  system: ${system}\n`;

interface PredicateMethods {
  queryEntitiesByPredicate(request: {
    query: unknown;
    limit?: number;
  }): Promise<{ items: Entity[] }>;
  getEntityFacetsByPredicate(request: { facets: string[]; query?: unknown }): Promise<{
    facets: Record<string, Array<{ value: string; count: number }>>;
  }>;
}

/**
 * Backstage's own published client (`@backstage/catalog-client`) against Callboard, for the
 * methods that write, locate and validate; the read methods are covered next to the queries.
 */
describe.each(testEngines)("Backstage's catalog client against Callboard on %s", engine => {
  const skip = engineSkipReason(engine);
  let git: TestGitServer;
  let server: TestServer;
  let catalog: CatalogService | undefined;
  let client: CatalogClient;
  let first: TestRepository;
  let second: TestRepository;

  beforeAll(async () => {
    if (skip) return;
    git = await startGitServer();
    first = await git.createRepository('client/first.git', {
      'catalog-info.yaml': component('first-service'),
    });
    second = await git.createRepository('client/second.git', {
      'catalog-info.yaml': component('second-service', 'other'),
    });
    const plugins: PluginList = async (start, core) => {
      catalog = await start(catalogPlugin, { kinds: core.kinds });
    };
    server = await startTestServer({
      engine,
      plugins,
      config: {
        integrations: { git: [{ host: git.host }] },
        backend: { reading: { allow: [{ host: git.host }] } },
        catalog: { processingInterval: { minutes: 30 } },
      },
    });
    client = new CatalogClient({
      discoveryApi: { getBaseUrl: async () => `${server.url}/api/catalog` },
    });
  });
  afterAll(async () => {
    await server?.close();
    await git?.close();
  });

  it.skipIf(skip)('adds, previews, finds, queries, moves and removes locations', async () => {
    const preview = await client.addLocation({ target: first.cloneUrl, dryRun: true });
    expect(preview.exists).toBe(false);
    expect(preview.entities.map(e => e.metadata.name)).toContain('first-service');

    const { location } = await client.addLocation({ target: first.cloneUrl });
    expect(location).toMatchObject({ type: 'url', target: first.cloneUrl });
    // The client wraps the error body in a ResponseError; the body names the error.
    await expect(client.addLocation({ target: first.cloneUrl })).rejects.toMatchObject({
      response: { status: 409 },
      body: { error: { name: 'ConflictError' } },
    });
    await catalog!.whenIdle();

    expect((await client.getLocations()).items).toContainEqual(
      expect.objectContaining({ id: location.id, target: first.cloneUrl }),
    );
    expect(await client.getLocationById(location.id)).toMatchObject({ id: location.id });
    expect(await client.getLocationById('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(await client.getLocationByRef(`url:${first.cloneUrl}`)).toMatchObject({
      id: location.id,
    });
    expect(await client.getLocationByEntity('component:default/first-service')).toMatchObject({
      id: location.id,
    });

    const { location: other } = await client.addLocation({ target: second.cloneUrl });
    const queried = await client.queryLocations({ limit: 1, query: { type: 'url' } });
    expect(queried.items).toHaveLength(1);
    expect(queried.totalItems).toBe(2);
    const streamed = [];
    for await (const page of client.streamLocations({ query: { target: { $hasPrefix: git.url } } }))
      streamed.push(...page);
    expect(streamed.map(l => l.id).sort()).toEqual([location.id, other.id].sort());

    await client.removeLocationById(other.id);
    await catalog!.whenIdle();
    expect(await client.getLocationById(other.id)).toBeUndefined();

    // Moving a location swaps what it produces.
    const moved = await client.updateLocation(location.id, { target: second.cloneUrl });
    expect(moved).toMatchObject({ id: location.id, target: second.cloneUrl });
    await catalog!.whenIdle();
    expect(await client.getEntityByRef('component:default/second-service')).toBeDefined();
    expect(await client.getEntityByRef('component:default/first-service')).toBeUndefined();
    await client.updateLocation(location.id, { target: first.cloneUrl });
    await catalog!.whenIdle();
  });

  it.skipIf(skip)('reads entities, their ancestry and facets, and refreshes them', async () => {
    const entity = await client.getEntityByName({
      kind: 'Component',
      namespace: 'default',
      name: 'first-service',
    });
    expect(entity?.relations).toContainEqual({ type: 'partOf', targetRef: 'system:default/shop' });

    const ancestry = await client.getEntityAncestors({
      entityRef: 'component:default/first-service',
    });
    expect(ancestry.rootEntityRef).toMatch(/^location:default\/generated-/);
    expect(ancestry.items.map(item => item.entity.metadata.name)).toContain('first-service');

    // In the client's JavaScript, not yet in its published types.
    const predicateClient = client as unknown as PredicateMethods;
    const byPredicate = await predicateClient.queryEntitiesByPredicate({
      query: { kind: 'component', 'metadata.tags': { $contains: 'java' } },
      limit: 10,
    });
    expect(byPredicate.items.map(e => e.metadata.name)).toEqual(['first-service']);
    const facets = await predicateClient.getEntityFacetsByPredicate({
      facets: ['spec.system'],
      query: { kind: 'component' },
    });
    expect(facets.facets['spec.system']).toEqual([{ value: 'shop', count: 1 }]);

    await client.refreshEntity('component:default/first-service');
    await expect(client.refreshEntity('component:default/no-such-thing')).rejects.toMatchObject({
      response: { status: 404 },
      body: {
        error: {
          name: 'NotFoundError',
          message: 'Failed to schedule component:default/no-such-thing for refresh',
        },
      },
    });
  });

  it.skipIf(skip)('validates entities and analyzes a location without registering it', async () => {
    const valid = await client.validateEntity(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'ok' },
        spec: { type: 'a', lifecycle: 'b', owner: 'c' },
      },
      'url:https://example.com/catalog-info.yaml',
    );
    expect(valid).toEqual({ valid: true });
    const invalid = await client.validateEntity(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'no owner' },
        spec: { type: 'a', lifecycle: 'b' },
      },
      'url:https://example.com/catalog-info.yaml',
    );
    expect(invalid.valid).toBe(false);
    expect(invalid.valid === false && invalid.errors.length).toBeGreaterThanOrEqual(2);

    const analysis = await client.analyzeLocation({
      location: { type: 'url', target: first.cloneUrl },
    });
    expect(analysis.existingEntityFiles).toContainEqual(
      expect.objectContaining({
        isRegistered: true,
        location: { type: 'url', target: first.blobUrl('catalog-info.yaml') },
        entity: expect.objectContaining({
          metadata: expect.objectContaining({ name: 'first-service' }),
        }) as unknown,
      }),
    );
  });

  it.skipIf(skip)(
    'removes an entity by uid, which comes back while its location emits it',
    async () => {
      const entity = await client.getEntityByRef('component:default/first-service');
      await client.removeEntityByUid(entity!.metadata.uid!);
      await catalog!.whenIdle();
      const back = await client.getEntityByRef('component:default/first-service');
      expect(back?.metadata.uid).toBeDefined();
      expect(back?.metadata.uid).not.toBe(entity!.metadata.uid);
    },
  );
});
