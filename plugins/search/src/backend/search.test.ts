import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  engineSkipReason,
  eventually,
  startTestServer,
  testEngines,
  type TestServer,
} from '@callboard/test-utils';
import { catalogPlugin } from '@callboard/plugin-catalog/backend';
import { searchResultSetSchema, type SearchResultSet } from '../common';
import { searchConfigSchema } from './searchConfig';
import { searchPlugin, type SearchService } from './searchPlugin';

const entities = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments, description: Takes card payments, tags: [java] }
spec: { type: service, lifecycle: production, owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ledger, description: Records payments made through the payments service }
spec: { type: service, lifecycle: experimental, owner: team-b }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: invoices, description: Sends invoices }
spec: { type: website, lifecycle: production, owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: refunds, description: Sends refunds for invoices }
spec: { type: service, lifecycle: production, owner: team-b }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: vault, title: Storage vault }
spec: { type: service, lifecycle: production, owner: team-c }
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: new-service, title: New service, description: Creates a service }
spec:
  type: service
  owner: team-a
  parameters:
    - title: Service details
      properties: { repoName: { title: Repository name, type: string } }
  steps: []
`;

const many = Array.from(
  { length: 23 },
  (_, index) => `---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: bucket-${index}, description: A storage bucket }
spec: { type: s3, owner: team-c }
`,
).join('');

describe.each(testEngines)('search on %s', engine => {
  const skip = engineSkipReason(engine);
  let server: TestServer;
  let service: SearchService;

  const query = async (qs: string): Promise<SearchResultSet> => {
    const response = await server.fetch(`/api/search/query?${qs}`);
    expect(response.status, await response.clone().text()).toBe(200);
    return searchResultSetSchema.parse(await response.json());
  };
  const names = (set: SearchResultSet) => set.results.map(result => result.document.name);

  beforeAll(async () => {
    if (skip) return;
    const dir = mkdtempSync(join(tmpdir(), 'search-test-'));
    writeFileSync(join(dir, 'entities.yaml'), entities + many);
    server = await startTestServer({
      engine,
      config: { catalog: { locations: [{ type: 'file', target: join(dir, 'entities.yaml') }] } },
      plugins: async (start, core) => {
        const catalog = await start(catalogPlugin, { kinds: core.kinds });
        service = await start(searchPlugin, { catalog });
      },
    });
    await eventually(
      async () => {
        expect((await query('term=bucket&pageLimit=100')).numberOfResults).toBe(23);
      },
      { timeoutMs: 30_000 },
    );
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(skip)('ranks an exact name above a description mention', async () => {
    const set = await query('term=payments');
    expect(names(set).slice(0, 2)).toEqual(['payments', 'ledger']);
    expect(set.results[0]?.document.location).toBe('/catalog/default/component/payments');
    expect(set.results[0]?.highlight.fields.text).toContain('<mark>payments</mark>');
    // A title (weight A) beats a mention in a description (weight C).
    expect(names(await query('term=storage'))[0]).toBe('vault');
  });

  it.skipIf(skip)('understands phrases, exclusion and prefixes', async () => {
    expect(names(await query(`term=${encodeURIComponent('"card payments"')}`))).toEqual([
      'payments',
    ]);
    expect(names(await query(`term=${encodeURIComponent('sends -refunds')}`))).toEqual([
      'invoices',
    ]);
    expect(names(await query('term=refun'))).toEqual(['refunds']);
    expect(names(await query('term=card%20paym'))).toEqual(['payments']);
  });

  // Both engines have pg_trgm: PGlite loads it as an extension (openPglite.ts).
  it.skipIf(skip)('tolerates a typo (pg_trgm, on both engines)', async () => {
    expect(names(await query('term=paymnets'))).toEqual(['payments']);
  });

  it.skipIf(skip)('filters by type, kind and lifecycle in Backstage client shapes', async () => {
    const templates = await query('term=service&types[0]=templates');
    expect(templates.results.map(result => [result.type, result.document.name])).toEqual([
      ['templates', 'new-service'],
    ]);
    const production = await query(
      'term=sends&filters[kind]=Component&filters[lifecycle][0]=production&types[]=software-catalog',
    );
    expect(names(production).sort()).toEqual(['invoices', 'refunds']);
    const byType = await query('term=sends&filters[type]=website');
    expect(names(byType)).toEqual(['invoices']);
  });

  it.skipIf(skip)('pages without duplicates or gaps while documents are rewritten', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const set = await query(
        `term=bucket&pageLimit=5${cursor ? `&pageCursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(set.numberOfResults).toBe(23);
      seen.push(...names(set).map(String));
      cursor = set.nextPageCursor;
      // Every document is written again between the first and second page.
      if (seen.length === 5) await service.rebuild();
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
  });

  it.skipIf(skip)('lists everything by recency for an empty term', async () => {
    const set = await query('term=&types[0]=software-catalog&filters[kind]=resource&pageLimit=100');
    expect(set.numberOfResults).toBe(23);
    expect(set.results.map(result => result.highlight.fields.title)).toEqual(
      set.results.map(result => result.document.title),
    );
    const first = await query('term=&pageLimit=1');
    expect(first.results).toHaveLength(1);
    expect(first.nextPageCursor).toBeDefined();
  });

  it.skipIf(skip)('answers unknown types and filters with a 400 naming them', async () => {
    const type = await server.fetch('/api/search/query?term=x&types[0]=widgets');
    expect(type.status).toBe(400);
    expect(await type.text()).toContain('widgets');
    const filter = await server.fetch('/api/search/query?term=x&filters[colour]=red');
    expect(filter.status).toBe(400);
    expect(await filter.text()).toContain('colour');
  });

  it.skipIf(skip)('never fails with a 500 on hostile terms', async () => {
    const hostile = [
      `'`,
      `"`,
      `\\`,
      'pay:*',
      '&|!()',
      `'; drop table search_documents; --`,
      '"unterminated',
      '-',
      'or',
      '\0',
      'x'.repeat(10_000),
    ];
    for (const term of hostile) {
      const response = await server.fetch(`/api/search/query?term=${encodeURIComponent(term)}`);
      expect([200, 400], term.slice(0, 40)).toContain(response.status);
    }
    expect((await query('term=payments')).numberOfResults).toBeGreaterThan(0);
  });

  it.skipIf(skip)('indexes and removes docs sections handed over by the docs plugin', async () => {
    await service.indexDocs('component:default/payments', [
      {
        entityRef: 'component:default/payments',
        siteTitle: 'Payments',
        pageTitle: 'Runbook',
        urlPath: 'runbook',
        anchor: 'outage',
        sectionTitle: 'Outage',
        text: 'Restart the flamingo gateway.',
        location: '/docs/default/component/payments/runbook#outage',
      },
    ]);
    const found = await query('term=flamingo&types[0]=techdocs');
    expect(found.results.map(result => result.document.location)).toEqual([
      '/docs/default/component/payments/runbook#outage',
    ]);
    expect(found.results[0]?.document.owner).toBe('team-a');
    await service.removeDocs('component:default/payments');
    expect((await query('term=flamingo')).numberOfResults).toBe(0);
  });

  it.skipIf(skip)('drops a deleted entity once the change feed runs, and rebuilds', async () => {
    const entity = (await (
      await server.fetch('/api/catalog/entities/by-name/component/default/refunds')
    ).json()) as { metadata: { uid: string } };
    const deleted = await server.fetch(`/api/catalog/entities/by-uid/${entity.metadata.uid}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    await eventually(
      async () => {
        expect(names(await query('term=refunds'))).not.toContain('refunds');
      },
      { timeoutMs: 10_000 },
    );
    const rebuilt = await server.fetch('/api/search/rebuild', { method: 'POST' });
    expect(rebuilt.status).toBe(200);
    expect(names(await query('term=payments')).slice(0, 1)).toEqual(['payments']);
  });
});

describe('search config', () => {
  it('defaults the analyzer to english, allows simple and refuses others', () => {
    expect(searchConfigSchema.parse(undefined)).toEqual({ pg: { analyzer: 'english' } });
    expect(searchConfigSchema.parse({ pg: { analyzer: 'simple' } })).toEqual({
      pg: { analyzer: 'simple' },
    });
    expect(searchConfigSchema.safeParse({ pg: { analyzer: 'klingon' } }).success).toBe(false);
  });
});
