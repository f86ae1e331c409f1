import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_FILTER_EXISTS, CatalogClient } from '@backstage/catalog-client';
import type { Entity } from '@callboard/catalog-model';
import { pluginList } from '@callboard/plugin-api/backend';
import {
  engineSkipReason,
  startTestServer,
  testEngines,
  type TestServer,
} from '@callboard/test-utils';
import { createEntitiesQueryService } from './createEntitiesQueryService';
import { createEntitiesTestPlugin } from './test/entitiesTestPlugin';
import { sampleCatalog } from './test/fixtures';
import { insertEntities } from './test/insertEntities';

type Item = Partial<Entity> | undefined | null;
const names = (items: Item[]) => items.map(item => item?.metadata?.name);
const sortedNames = (items: Item[]) => names(items).sort();
const refOf = (entity: Entity) =>
  `${entity.kind.toLowerCase()}:${(entity.metadata.namespace ?? 'default').toLowerCase()}/${entity.metadata.name}`;

const allNames = sampleCatalog()
  .map(e => e.metadata.name)
  .sort();

/** The stream chunk size of the test server: small, so lists span several internal queries. */
const chunkSize = 4;
/** The by-query limit cap of the test server (1000 in production), so clamping is observable. */
const maxQueryLimit = 5;

describe.each(testEngines)('the entity read endpoints on %s', engine => {
  const skip = engineSkipReason(engine);
  let server: TestServer;
  let client: CatalogClient;
  let stored: Entity[];

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer({
      engine,
      plugins: pluginList([
        createEntitiesTestPlugin({ streamChunkSize: chunkSize, maxQueryLimit }),
      ]),
    });
    stored = await insertEntities(server.backend.database.knex, sampleCatalog());
    client = new CatalogClient({
      discoveryApi: { getBaseUrl: async () => `${server.url}/api/catalog` },
      fetchApi: { fetch },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string) => server.fetch(`/api/catalog${path}`);
  const post = (path: string, body: unknown) =>
    server.fetch(`/api/catalog${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const expectInputError = async (response: Response, message: string | RegExp) => {
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { name: string; message: string };
      request: { method: string; url: string };
      response: { statusCode: number };
    };
    expect(body.error.name).toBe('InputError');
    expect(body.error.message).toMatch(message);
    expect(body.response).toEqual({ statusCode: 400 });
    expect(body.request.url).toMatch(/^\/api\/catalog\//);
  };

  describe('GET /entities', () => {
    it.skipIf(skip)('streams every entity as one JSON array, unchanged', async () => {
      const response = await get('/entities');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('link')).toBeNull();
      const body = (await response.json()) as Entity[];
      // 11 entities in chunks of 4: three internal queries, one array.
      expect(body).toHaveLength(11);
      const byUid = new Map(stored.map(entity => [entity.metadata.uid, entity]));
      for (const entity of body) expect(entity).toEqual(byUid.get(entity.metadata.uid));

      const { items } = await client.getEntities();
      expect(sortedNames(items)).toEqual(allNames);

      // The service behind it: three chunks of at most four, fetched one after the other.
      const service = createEntitiesQueryService({
        knex: server.backend.database.knex,
        streamChunkSize: chunkSize,
      });
      const sizes: number[] = [];
      for await (const chunk of (await service.listEntities({})).chunks) sizes.push(chunk.length);
      expect(sizes).toEqual([4, 4, 3]);
      const ordered: number[] = [];
      const list = await service.listEntities({
        order: [{ field: 'spec.lifecycle', order: 'asc' }],
      });
      for await (const chunk of list.chunks) ordered.push(chunk.length);
      // Four entities have a lifecycle (one full chunk), seven follow without one.
      expect(ordered).toEqual([4, 4, 3]);
    });

    it.skipIf(skip)('filters: sets, IN, existence, tags, relations, any case', async () => {
      const query = async (filter: Parameters<CatalogClient['getEntities']>[0]) =>
        sortedNames((await client.getEntities(filter)).items);
      expect(await query({ filter: { kind: 'Component' } })).toEqual([
        'service-a',
        'service-b',
        'service-d',
        'website-c',
      ]);
      expect(await query({ filter: { kind: ['group', 'USER'] } })).toEqual([
        'jane',
        'team-a',
        'team-b',
      ]);
      expect(await query({ filter: [{ kind: 'system' }, { kind: 'api' }] })).toEqual([
        'api-a',
        'sys',
      ]);
      expect(
        await query({ filter: { kind: 'component', 'spec.lifecycle': CATALOG_FILTER_EXISTS } }),
      ).toEqual(['service-a', 'service-b', 'service-d']);
      expect(await query({ filter: { 'metadata.tags.java': CATALOG_FILTER_EXISTS } })).toEqual([
        'service-a',
        'service-d',
      ]);
      expect(await query({ filter: { 'relations.ownedBy': 'Group:Default/Team-A' } })).toEqual([
        'api-a',
        'service-a',
        'website-c',
      ]);
      expect(await query({ filter: { KIND: 'COMPONENT', 'Spec.Type': 'service' } })).toEqual([
        'service-a',
        'service-b',
        'service-d',
      ]);
      expect(
        await query({ filter: { kind: 'component', 'metadata.namespace': 'default' } }),
      ).toEqual(['service-a', 'service-b', 'website-c']);
      expect(
        await query({ filter: { 'metadata.annotations.github.com/project-slug': 'org/a' } }),
      ).toEqual(['service-a']);

      // The raw query-string form, with whitespace and a repeated key.
      const response = await get(
        `/entities?filter=${encodeURIComponent(' kind = user , kind=Group ')}&filter=kind=system`,
      );
      expect(sortedNames((await response.json()) as Entity[])).toEqual([
        'jane',
        'sys',
        'team-a',
        'team-b',
      ]);
    });

    it.skipIf(skip)('selects fields, including annotation keys with dots', async () => {
      const { items } = await client.getEntities({
        filter: { 'metadata.name': 'service-a' },
        fields: ['kind', 'metadata.name', 'metadata.annotations.backstage.io/source-location'],
      });
      expect(items).toEqual([
        {
          kind: 'Component',
          metadata: {
            name: 'service-a',
            annotations: { 'backstage.io/source-location': 'url:https://git.example.com/org/a/' },
          },
        },
      ]);
      const response = await get(
        '/entities?fields=kind,metadata.name&fields=spec.type&filter=kind=api',
      );
      expect(await response.json()).toEqual([
        { kind: 'API', metadata: { name: 'api-a' }, spec: { type: 'openapi' } },
      ]);
    });

    it.skipIf(skip)(
      'orders, with entities lacking the field last, streamed and paged',
      async () => {
        const lifecycleOrder = ['service-b', 'api-a', 'service-a', 'service-d'];
        const ordered = await client.getEntities({
          filter: { kind: ['component', 'api'] },
          order: [{ field: 'spec.lifecycle', order: 'asc' }],
        });
        // experimental < production, ties by id, then the website without a lifecycle.
        expect(names(ordered.items)).toHaveLength(5);
        expect(names(ordered.items).slice(0, 1)).toEqual(['service-b']);
        expect(names(ordered.items).at(-1)).toBe('website-c');
        expect(names(ordered.items).slice(1, 4).sort()).toEqual(lifecycleOrder.slice(1).sort());

        const byName = await client.getEntities({
          order: { field: 'metadata.name', order: 'desc' },
        });
        expect(names(byName.items)).toEqual([...allNames].reverse());

        const paged = await client.getEntities({
          order: [
            { field: 'spec.lifecycle', order: 'desc' },
            { field: 'metadata.name', order: 'asc' },
          ],
          filter: { kind: ['component', 'api'] },
          limit: 10,
        });
        expect(names(paged.items)).toEqual([
          'api-a',
          'service-a',
          'service-d',
          'service-b',
          'website-c',
        ]);
      },
    );

    it.skipIf(skip)('pages with limit/offset and a Link header to the next page', async () => {
      const seen: string[] = [];
      let path: string | undefined =
        '/entities?limit=3&offset=0&order=asc:metadata.name&fields=metadata.name';
      let pages = 0;
      while (path) {
        const response = await get(path);
        expect(response.status).toBe(200);
        seen.push(...names((await response.json()) as Entity[]).map(String));
        const link = response.headers.get('link');
        if (link) {
          const match = /^<(\/entities\?[^>]*)>; rel="next"$/.exec(link);
          expect(match).not.toBeNull();
          expect(match?.[1]).not.toContain('offset=');
          expect(match?.[1]).toContain('after=');
          expect(match?.[1]).toContain('order=asc%3Ametadata.name');
        }
        path = link ? /^<([^>]*)>/.exec(link)?.[1] : undefined;
        pages++;
      }
      expect(pages).toBe(4);
      expect(seen).toEqual(allNames);

      // Backstage's client passes `after` back as is.
      const firstPage = await get('/entities?limit=4&order=asc:metadata.name');
      const after = new URL(
        /^<([^>]*)>/.exec(firstPage.headers.get('link') ?? '')?.[1] ?? '',
        'http://x',
      ).searchParams.get('after') as string;
      const secondPage = await client.getEntities({
        order: { field: 'metadata.name', order: 'asc' },
        after,
      });
      expect(names(secondPage.items)).toEqual(allNames.slice(4, 8));

      const { items } = await client.getEntities({
        order: { field: 'metadata.name', order: 'asc' },
        limit: 2,
        offset: 2,
      });
      expect(names(items)).toEqual(allNames.slice(2, 4));

      // Without an order, pages follow the entity ref; an offset alone lists to the end.
      const refs = stored.map(refOf).sort();
      const tail = (await (await get('/entities?offset=8')).json()) as Entity[];
      expect(tail.map(refOf)).toEqual(refs.slice(8));
      const middle = await client.getEntities({ limit: 2, offset: 3 });
      expect(middle.items.map(refOf)).toEqual(refs.slice(3, 5));

      // One kind, paged: the kind's own refs in order (kinds sort before and after it), the
      // filter's kind in any case, and other conditions still applied within the kind.
      const componentRefs = stored
        .filter(entity => entity.kind === 'Component')
        .map(refOf)
        .sort();
      const components: string[] = [];
      let next: string | undefined = '/entities?filter=kind=COMPONENT&limit=3';
      while (next) {
        const page = await get(next);
        components.push(...((await page.json()) as Entity[]).map(refOf));
        next = /^<([^>]*)>/.exec(page.headers.get('link') ?? '')?.[1];
      }
      expect(components).toEqual(componentRefs);
      const services = await client.getEntities({
        filter: { kind: 'component', 'spec.type': 'service' },
        limit: 10,
        offset: 1,
      });
      expect(services.items.map(refOf)).toEqual(
        componentRefs.filter(ref => !ref.endsWith('/website-c')).slice(1),
      );
    });

    it.skipIf(skip)("answers bad input with 400 and Backstage's error body", async () => {
      await expectInputError(await get('/entities?filter==x'), /'=x' is not a valid statement/);
      await expectInputError(await get('/entities?fields=relations[0]'), /array type fields/);
      await expectInputError(await get('/entities?order=up:name'), /Invalid order parameter/);
      await expectInputError(await get('/entities?limit=0'), /^Invalid request query: limit/);
      await expectInputError(await get('/entities?offset=-2'), /^Invalid request query: offset/);
      await expectInputError(await get('/entities?after=%25%25'), /Malformed after cursor/);
    });
  });

  describe('/entities/by-query', () => {
    it.skipIf(skip)('walks forward and back through cursors, counting once', async () => {
      const forward: Array<{ names: string[]; prev?: string; next?: string }> = [];
      let response = await client.queryEntities({ limit: 4, fields: ['metadata.name'] });
      expect(response.totalItems).toBe(11);
      expect(response.pageInfo.prevCursor).toBeUndefined();
      for (;;) {
        forward.push({
          names: names(response.items).map(String),
          prev: response.pageInfo.prevCursor,
          next: response.pageInfo.nextCursor,
        });
        expect(response.totalItems).toBe(11);
        if (!response.pageInfo.nextCursor) break;
        response = await client.queryEntities({
          cursor: response.pageInfo.nextCursor,
          limit: 4,
          fields: ['metadata.name'],
        });
      }
      expect(forward.map(page => page.names.length)).toEqual([4, 4, 3]);
      expect(forward.flatMap(page => page.names).sort()).toEqual(allNames);

      // Back from the last page to the first, page by page.
      let cursor = forward.at(-1)?.prev;
      for (const index of [1, 0]) {
        expect(cursor).toBeDefined();
        const back = await client.queryEntities({
          cursor: cursor as string,
          limit: 4,
          fields: ['metadata.name'],
        });
        expect(names(back.items)).toEqual(forward[index]?.names);
        expect(back.pageInfo.nextCursor).toBeDefined();
        cursor = back.pageInfo.prevCursor;
      }
      expect(cursor).toBeUndefined();

      // Backstage's client streams by following nextCursor.
      const streamed: string[] = [];
      for await (const page of client.streamEntities({ pageSize: 3, fields: ['metadata.name'] })) {
        streamed.push(...names(page).map(String));
      }
      expect(streamed.sort()).toEqual(allNames);
    });

    it.skipIf(skip)(
      'pages one kind in sort order, both ways, whatever other kinds hold',
      async () => {
        // One kind forced by the filter: the sorted walk reads only that kind's rows.
        const components = stored
          .filter(e => e.kind === 'Component')
          .map(e => e.metadata.name)
          .sort();
        const seen: string[] = [];
        let page = await client.queryEntities({
          filter: { kind: 'Component' },
          orderFields: { field: 'metadata.name', order: 'asc' },
          limit: 2,
        });
        expect(page.totalItems).toBe(components.length);
        for (;;) {
          seen.push(...(names(page.items) as string[]));
          if (!page.pageInfo.nextCursor) break;
          page = await client.queryEntities({ cursor: page.pageInfo.nextCursor, limit: 2 });
        }
        expect(seen).toEqual(components);
        const back = await client.queryEntities({ cursor: page.pageInfo.prevCursor!, limit: 2 });
        expect(names(back.items)).toEqual(components.slice(-4, -2));

        const desc = await client.queryEntities({
          filter: { kind: ['group'], 'spec.type': 'team' },
          orderFields: { field: 'metadata.name', order: 'desc' },
        });
        expect(names(desc.items)).toEqual(['team-b', 'team-a']);
        // The same kind spelled twice is still one kind; two kinds take the general path.
        const both = await client.queryEntities({
          filter: [{ kind: 'api' }, { kind: 'user' }],
          orderFields: { field: 'metadata.name', order: 'asc' },
        });
        expect(names(both.items)).toEqual(['api-a', 'jane']);
        const streamed = (await (
          await get('/entities?filter=kind=component&order=desc:metadata.name')
        ).json()) as Entity[];
        expect(names(streamed)).toEqual([...components].reverse());
      },
    );

    it.skipIf(skip)('orders by one field, excluding entities without it', async () => {
      const asc = await client.queryEntities({
        filter: { kind: ['component', 'api'] },
        orderFields: [
          { field: 'spec.lifecycle', order: 'asc' },
          { field: 'metadata.name', order: 'desc' },
        ],
        limit: 2,
      });
      expect(asc.totalItems).toBe(4);
      expect(names(asc.items)[0]).toBe('service-b');
      const next = await client.queryEntities({
        cursor: asc.pageInfo.nextCursor as string,
        limit: 2,
      });
      expect([...names(asc.items), ...names(next.items)].sort()).toEqual([
        'api-a',
        'service-a',
        'service-b',
        'service-d',
      ]);
      expect(next.pageInfo.nextCursor).toBeUndefined();

      const byTitle = await client.queryEntities({
        orderFields: { field: 'metadata.title', order: 'desc' },
      });
      expect(names(byTitle.items)).toEqual(['website-c', 'service-a']);

      // An array field orders each entity once, by its smallest value.
      const byTag = await client.queryEntities({
        orderFields: { field: 'metadata.tags', order: 'asc' },
      });
      expect(names(byTag.items)).toEqual(['service-a', 'service-d', 'service-b']);
    });

    it.skipIf(skip)(
      'filters by full text over the given fields, the sort field or the uid',
      async () => {
        const byName = await client.queryEntities({
          fullTextFilter: { term: '  SERVICE-  ', fields: ['metadata.name', 'metadata.title'] },
        });
        expect(sortedNames(byName.items)).toEqual(['service-a', 'service-b', 'service-d']);
        const byDisplayName = await client.queryEntities({
          fullTextFilter: { term: 'doe', fields: ['spec.profile.displayName'] },
        });
        expect(names(byDisplayName.items)).toEqual(['jane']);
        const bySortField = await client.queryEntities({
          orderFields: { field: 'metadata.title', order: 'asc' },
          fullTextFilter: { term: 'website' },
        });
        expect(names(bySortField.items)).toEqual(['website-c']);
        const uid = stored.find(e => e.metadata.name === 'jane')?.metadata.uid as string;
        const byUid = await client.queryEntities({ fullTextFilter: { term: uid.slice(4, 20) } });
        expect(names(byUid.items)).toEqual(['jane']);
        const wildcard = await client.queryEntities({
          fullTextFilter: { term: '%', fields: ['kind'] },
        });
        expect(wildcard.items).toEqual([]);
      },
    );

    it.skipIf(skip)('runs predicate queries through POST, cursors included', async () => {
      const first = await client.queryEntities({
        query: { $all: [{ kind: 'component' }, { $not: { 'spec.owner': 'team-b' } }] },
        limit: 1,
      });
      expect(first.totalItems).toBe(2);
      const cursor = first.pageInfo.nextCursor as string;
      expect(JSON.parse(Buffer.from(cursor, 'base64').toString())).toHaveProperty('query');
      const second = await client.queryEntities({ cursor, limit: 1 });
      expect(second.totalItems).toBe(2);
      expect([...names(first.items), ...names(second.items)].sort()).toEqual([
        'service-a',
        'website-c',
      ]);

      const raw = await post('/entities/by-query', {
        query: { 'metadata.name': { $hasPrefix: 'Team' } },
        orderBy: [{ field: 'metadata.name', order: 'desc' }],
        fields: ['metadata.name'],
        totalItems: 'exclude',
      });
      expect(await raw.json()).toEqual({
        items: [{ metadata: { name: 'team-b' } }, { metadata: { name: 'team-a' } }],
        totalItems: 0,
        pageInfo: {},
      });

      // An empty body is a query for everything.
      const all = (await (await post('/entities/by-query', {})).json()) as { totalItems: number };
      expect(all.totalItems).toBe(11);
    });

    it.skipIf(skip)('clamps large limits instead of refusing them; cursors continue', async () => {
      const response = await get(
        '/entities/by-query?limit=100&fields=metadata.name&totalItems=exclude',
      );
      const page = (await response.json()) as {
        items: Entity[];
        totalItems: number;
        pageInfo: { nextCursor?: string };
      };
      expect(page.items).toHaveLength(maxQueryLimit);
      expect(page.totalItems).toBe(0);
      const rest = await client.queryEntities({
        cursor: page.pageInfo.nextCursor as string,
        limit: 100,
      });
      expect(rest.items).toHaveLength(maxQueryLimit);
      const last = await client.queryEntities({
        cursor: rest.pageInfo.nextCursor as string,
        limit: 100,
      });
      expect(last.items).toHaveLength(1);
      expect(last.pageInfo.nextCursor).toBeUndefined();
    });

    it.skipIf(skip)('answers bad input with 400', async () => {
      await expectInputError(
        await post('/entities/by-query', {
          query: { $all: [{ kind: 'a' }, { kind: { $in: 'x' } }] },
        }),
        'Invalid request body: query.$all[1].kind.$in: expected an array of strings, numbers or booleans, found string "x"',
      );
      await expectInputError(
        await post('/entities/by-query', { query: 'kind=a' }),
        /^Invalid request body: query:/,
      );
      await expectInputError(
        await get('/entities/by-query?orderField=metadata.name,sideways'),
        /must be asc or desc/,
      );
      await expectInputError(
        await get('/entities/by-query?cursor=bm90IGpzb24'),
        /Malformed cursor/,
      );
      await expectInputError(
        await get(`/entities/by-query?cursor=${Buffer.from('{"boundary":[]}').toString('base64')}`),
        /Malformed cursor/,
      );
      await expectInputError(await get('/entities/by-query?limit=-1'), /limit/);
      await expectInputError(await get('/entities/by-query?totalItems=maybe'), /totalItems/);
      const noType = await server.fetch('/api/catalog/entities/by-query', {
        method: 'POST',
        body: new TextEncoder().encode('{}'),
      });
      await expectInputError(noType, 'Content-Type missing');
    });
  });

  describe('POST /entities/by-refs', () => {
    it.skipIf(skip)('returns entities in the order asked, null for unknown refs', async () => {
      const refs = [
        'component:default/service-b',
        'Component:Default/SERVICE-A',
        'component:default/missing',
        'component:website-c',
        'not-a-ref',
        'group:default/team-a',
      ];
      const { items } = await client.getEntitiesByRefs({
        entityRefs: refs,
        fields: ['metadata.name'],
      });
      expect(items).toEqual([
        { metadata: { name: 'service-b' } },
        { metadata: { name: 'service-a' } },
        undefined,
        { metadata: { name: 'website-c' } },
        undefined,
        { metadata: { name: 'team-a' } },
      ]);
      const filtered = await client.getEntitiesByRefs({
        entityRefs: refs,
        filter: { kind: 'group' },
      });
      expect(names(filtered.items)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        'team-a',
      ]);
      const both = await client.getEntitiesByRefs({
        entityRefs: refs,
        filter: { kind: 'component' },
        query: { 'spec.owner': 'team-a' },
      });
      expect(names(both.items)).toEqual([
        undefined,
        'service-a',
        undefined,
        'website-c',
        undefined,
        undefined,
      ]);

      const raw = await post('/entities/by-refs?filter=kind=component&fields=kind', {
        entityRefs: ['component:default/service-a', 'group:default/team-a'],
      });
      expect(await raw.json()).toEqual({ items: [{ kind: 'Component' }, null] });
    });

    it.skipIf(skip)('refuses a missing list and more than 1000 refs', async () => {
      await expectInputError(await post('/entities/by-refs', { fields: ['kind'] }), /entityRefs/);
      const many = Array.from({ length: 1001 }, (_, i) => `component:default/c${i}`);
      await expectInputError(
        await post('/entities/by-refs', { entityRefs: many }),
        /at most 1000 refs/,
      );
    });
  });

  describe('single entities', () => {
    it.skipIf(skip)('finds an entity by name, ignoring case', async () => {
      const entity = await client.getEntityByRef('Component:Default/Service-A');
      expect(entity).toEqual(stored.find(e => e.metadata.name === 'service-a'));
      expect(await client.getEntityByRef('component:website-c')).toMatchObject({
        metadata: { name: 'website-c' },
      });
      expect(await client.getEntityByRef('component:default/nope')).toBeUndefined();
      const missing = await get('/entities/by-name/Component/Default/Nope');
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({
        error: {
          name: 'NotFoundError',
          message: "No entity named 'Nope' found, with kind 'Component' in namespace 'Default'",
        },
        request: { method: 'GET', url: '/api/catalog/entities/by-name/Component/Default/Nope' },
        response: { statusCode: 404 },
      });
    });

    it.skipIf(skip)('finds an entity by uid', async () => {
      const jane = stored.find(e => e.metadata.name === 'jane') as Entity;
      const response = await get(`/entities/by-uid/${jane.metadata.uid}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(jane);
      for (const uid of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const missing = await get(`/entities/by-uid/${uid}`);
        expect(missing.status).toBe(404);
        expect(((await missing.json()) as { error: { message: string } }).error.message).toBe(
          `No entity with uid ${uid}`,
        );
      }
    });
  });

  describe('/entity-facets', () => {
    it.skipIf(skip)('counts original values per facet, filtered', async () => {
      const { facets } = await client.getEntityFacets({
        facets: ['kind', 'spec.type', 'metadata.tags'],
        filter: { kind: 'component' },
      });
      expect(facets).toEqual({
        kind: [{ value: 'Component', count: 4 }],
        'spec.type': [
          { value: 'Service', count: 1 },
          { value: 'service', count: 2 },
          { value: 'website', count: 1 },
        ],
        'metadata.tags': [
          { value: 'Backend', count: 1 },
          { value: 'java', count: 2 },
          { value: 'python', count: 1 },
        ],
      });

      const unfiltered = await client.getEntityFacets({ facets: ['Kind', 'spec.nothing'] });
      expect(unfiltered.facets['spec.nothing']).toEqual([]);
      expect(unfiltered.facets.Kind).toContainEqual({ value: 'Group', count: 2 });
      expect(unfiltered.facets.Kind?.reduce((sum, facet) => sum + facet.count, 0)).toBe(11);

      // With a predicate the client POSTs.
      const byQuery = await client.getEntityFacets({
        facets: ['spec.owner'],
        query: { $not: { kind: { $in: ['component', 'group'] } } },
      });
      expect(byQuery.facets).toEqual({
        'spec.owner': [
          { value: 'team-a', count: 2 },
          { value: 'team-b', count: 1 },
        ],
      });
    });

    it.skipIf(skip)('refuses a request without facets', async () => {
      await expectInputError(await get('/entity-facets?filter=kind=user'), /facet/);
      await expectInputError(await post('/entity-facets', { facets: [] }), /facets/);
    });
  });
});
