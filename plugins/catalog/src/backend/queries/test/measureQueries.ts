/**
 * A local performance check of the entity queries (not a test: nothing asserts on time).
 *
 *   node --import tsx plugins/catalog/src/backend/queries/test/measureQueries.ts [entities] [pglite]
 *
 * Creates a scratch database on the PostgreSQL server of CALLBOARD_TEST_PG_URL (or an in-memory
 * PGlite), loads a synthetic catalog, prints EXPLAIN ANALYZE timings of the main queries, the
 * latency of each service call (p50/p99 of repeated runs), and by-name over HTTP at 1000 req/s
 * (open loop, from a child process). PERF_DB=<name> keeps the loaded database for later runs;
 * ONLY_HTTP=1 runs only the HTTP part; LOAD_ONLY=1 only loads.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import pg from 'pg';
import type { Knex } from 'knex';
import { stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import {
  createLogger,
  migratePluginUp,
  openPg,
  openPglite,
  type Database,
} from '@callboard/backend';
import { errorHandler } from '@callboard/plugin-api/backend';
import type { FilterPredicate } from '../../../common/entities';
import { buildSearchRows } from '../../stitching/buildSearchRows';
import {
  createEntitiesQueryService,
  type EntitiesQueryService,
} from '../createEntitiesQueryService';
import { createEntitiesRouter } from '../createEntitiesRouter';
import { predicateToSql } from '../../database/predicateToSql';
import { catalogPluginMigrations } from '../../database/migrations';

const count = Number(process.argv[process.argv[2] === 'load' ? 4 : 2] ?? 20_000);
const engine = process.argv[3] === 'pglite' ? 'pglite' : 'pg';
const logger = createLogger({ level: 'warn', pretty: false });
const serverUrl = new URL(
  process.env.CALLBOARD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
const adminConnection = {
  host: serverUrl.hostname,
  port: Number(serverUrl.port || 5432),
  user: decodeURIComponent(serverUrl.username || 'postgres'),
  password: serverUrl.password ? decodeURIComponent(serverUrl.password) : undefined,
  database: serverUrl.pathname.slice(1) || 'postgres',
};
/** PERF_DB=<name> keeps (and on later runs reuses) a loaded database instead of a scratch one. */
const keptDatabase = process.env.PERF_DB;
const databaseName = keptDatabase ?? `callboard_perf_${Date.now().toString(36)}`;

const pick = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;
const kinds = [
  'Component',
  'Component',
  'Component',
  'Component',
  'Component',
  'Component',
  'API',
  'Resource',
  'User',
  'Group',
  'System',
];
const types: Record<string, string[]> = {
  Component: ['service', 'website', 'library', 'Service'],
  API: ['openapi', 'grpc', 'asyncapi'],
  Resource: ['database', 'bucket', 'queue'],
  Group: ['team', 'department'],
};
const lifecycles = ['production', 'experimental', 'deprecated'];
const tags = Array.from({ length: 50 }, (_, i) => `tag-${i}`);

function syntheticEntity(i: number): Entity {
  const kind = pick(kinds, i * 7 + (i % 3));
  const owner = `team-${i % 200}`;
  // Names do not start with the kind, so kinds interleave in name order as in real catalogs.
  const name = `${pick(['svc', 'app', 'core', 'data', 'web', 'ops', 'pay', 'id'], (i * 2654435761) % 9973)}-${i.toString(36)}`;
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: i % 10 === 0 ? 'prod' : 'default',
      uid: randomUUID(),
      etag: randomUUID(),
      title: `The ${kind} number ${i}`,
      description: `Entity ${i}, owned by ${owner}, part of the synthetic catalog used to measure queries.`,
      tags: [pick(tags, i), pick(tags, i * 3 + 1), pick(tags, i * 7 + 2)],
      annotations: {
        'backstage.io/managed-by-location': `url:https://git.example.com/org/repo-${i % 3000}/blob/main/catalog-info.yaml`,
        'backstage.io/managed-by-origin-location': `url:https://git.example.com/org/repo-${i % 3000}/blob/main/catalog-info.yaml`,
        'backstage.io/source-location': `url:https://git.example.com/org/repo-${i % 3000}/`,
        'github.com/project-slug': `org/repo-${i % 3000}`,
      },
      links: [{ url: `https://docs.example.com/${name}`, title: 'Docs' }],
    },
    spec: {
      type: pick(types[kind] ?? ['default'], i),
      lifecycle: pick(lifecycles, i),
      owner,
      system: `system-${i % 300}`,
      ...(kind === 'User'
        ? { profile: { displayName: `User ${i}`, email: `u${i}@example.com` }, memberOf: [owner] }
        : {}),
    },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      { type: 'partOf', targetRef: `system:default/system-${i % 300}` },
      ...(i % 2 === 0 ? [{ type: 'dependsOn', targetRef: `resource:default/db-${i % 500}` }] : []),
    ],
  };
  return entity;
}

async function load(knex: Knex): Promise<void> {
  const batch = 1000;
  let searchRowCount = 0;
  for (let start = 0; start < count; start += batch) {
    const entities = Array.from({ length: Math.min(batch, count - start) }, (_, k) =>
      syntheticEntity(start + k),
    );
    const ids = entities.map(e => e.metadata.uid as string);
    const refs = entities.map(e => stringifyEntityRef(e));
    const json = entities.map(e => JSON.stringify(e));
    await knex.raw(
      `insert into catalog_refresh_state (entity_id, entity_ref, kind, unprocessed_entity, unprocessed_hash, next_update_at)
       select id, ref, 'x', '{}'::jsonb, 'h', now() from unnest(?::uuid[], ?::text[]) as t(id, ref)`,
      [ids, refs],
    );
    await knex.raw(
      `insert into catalog_final_entities (entity_id, entity_ref, hash, final_entity, content_hash)
       select id, ref, 'h', body, 'c' from unnest(?::uuid[], ?::text[], ?::text[]) as t(id, ref, body)`,
      [ids, refs, json],
    );
    const rows = entities.flatMap(e =>
      buildSearchRows(e).map(row => ({
        id: e.metadata.uid as string,
        ...row,
        kind: e.kind.toLowerCase(),
      })),
    );
    searchRowCount += rows.length;
    await knex.raw(
      `insert into catalog_search (entity_id, key, value, original_value, kind)
       select * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[])`,
      [
        rows.map(r => r.id),
        rows.map(r => r.key),
        rows.map(r => r.value),
        rows.map(r => r.original_value),
        rows.map(r => r.kind),
      ] as unknown as Knex.RawBinding[],
    );
  }
  console.log(JSON.stringify({ loaded: count, searchRows: searchRowCount }));
}

async function timeIt(label: string, runs: number, fn: () => Promise<unknown>): Promise<void> {
  await fn(); // warm up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(2);
  console.log(
    JSON.stringify({
      label,
      runs,
      p50ms: Number(at(0.5)),
      p99ms: Number(at(0.99)),
      maxMs: Number(at(1)),
    }),
  );
}

async function explain(knex: Knex, label: string, sql: string, bindings: unknown[]): Promise<void> {
  const result = (await knex.raw(
    `explain (analyze, buffers) ${sql}`,
    bindings as Knex.RawBinding[],
  )) as {
    rows: Array<{ 'QUERY PLAN': string }>;
  };
  const lines = result.rows.map(row => row['QUERY PLAN']);
  const execution = lines.find(line => line.startsWith('Execution Time'));
  console.log(JSON.stringify({ label, execution, plan: lines.slice(0, 3).map(l => l.trim()) }));
  if (process.env.VERBOSE) console.log(lines.join('\n'));
}

async function measure(database: Database, service: EntitiesQueryService): Promise<void> {
  const knex = database.knex;
  const components: FilterPredicate = { kind: 'component' };
  const services: FilterPredicate = { kind: 'component', 'spec.type': 'service' };
  const ownedBy: FilterPredicate = { 'relations.ownedby': 'group:default/team-7' };
  const runs = 50;

  if (process.env.ONLY_HTTP) return measureHttp(service);

  // The SQL of the main shapes, as the service builds it, under EXPLAIN ANALYZE.
  const filter = predicateToSql(components, 'o.entity_id');
  await explain(
    knex,
    'by-query kind=component order metadata.name limit 100 (page query)',
    `select o.entity_id, e.final_entity, o.value as sort_value from catalog_search o join catalog_final_entities e on e.entity_id = o.entity_id
     where o.key = 'metadata.name' and o.value is not null
       and not exists (select 1 from catalog_search m where m.entity_id = o.entity_id and m.key = 'metadata.name' and m.value < o.value)
       and ${filter.sql} order by o.value asc, o.entity_id asc limit 101`,
    filter.bindings,
  );
  const countFilter = predicateToSql(components, 'e.entity_id');
  await explain(
    knex,
    'by-query kind=component order metadata.name (count query)',
    `select count(*) from catalog_final_entities e where exists (select 1 from catalog_search o where o.entity_id = e.entity_id and o.key = 'metadata.name' and o.value is not null) and ${countFilter.sql}`,
    countFilter.bindings,
  );
  const facetFilter = predicateToSql(components, 'f.entity_id');
  await explain(
    knex,
    'facets spec.type where kind=component',
    `select f.key, f.original_value, count(*) from catalog_search f where f.key in ('spec.type') and f.original_value is not null and ${facetFilter.sql} group by f.key, f.original_value`,
    facetFilter.bindings,
  );
  await explain(
    knex,
    'facets kind (unfiltered)',
    `select f.key, f.original_value, count(*) from catalog_search f where f.key in ('kind') and f.original_value is not null group by f.key, f.original_value`,
    [],
  );

  await timeIt(
    'by-query filter kind=component, order metadata.name, limit 100, with totalItems',
    runs,
    () =>
      service.queryEntities({
        filter: components,
        orderFields: [{ field: 'metadata.name', order: 'asc' }],
        limit: 100,
      }),
  );
  await timeIt(
    'by-query filter kind=component, order metadata.name, limit 100, totalItems excluded',
    runs,
    () =>
      service.queryEntities({
        filter: components,
        orderFields: [{ field: 'metadata.name', order: 'asc' }],
        limit: 100,
        totalItems: 'exclude',
      }),
  );
  await timeIt(
    'by-query filter kind=component,spec.type=service, id order, limit 100, with totalItems',
    runs,
    () => service.queryEntities({ filter: services, limit: 100 }),
  );
  const first = await service.queryEntities({
    filter: components,
    orderFields: [{ field: 'metadata.name', order: 'desc' }],
    limit: 100,
  });
  await timeIt('by-query next page by cursor (desc metadata.name)', runs, () =>
    service.queryEntities({ cursor: first.pageInfo.nextCursor as string, limit: 100 }),
  );
  await timeIt(
    'by-query selective filter relations.ownedby (0.5%), order metadata.name, limit 100',
    runs,
    () =>
      service.queryEntities({
        filter: ownedBy,
        orderFields: [{ field: 'metadata.name', order: 'asc' }],
        limit: 100,
      }),
  );
  await timeIt(
    'by-query full text "repo-12" over name/title/annotation, order metadata.name, limit 100',
    runs,
    () =>
      service.queryEntities({
        filter: components,
        orderFields: [{ field: 'metadata.name', order: 'asc' }],
        fullTextFilter: { term: 'number 12', fields: ['metadata.name', 'metadata.title'] },
        limit: 100,
      }),
  );
  await timeIt('facets kind (unfiltered)', runs, () =>
    service.getEntityFacets({ facets: ['kind'] }),
  );
  await timeIt('facets kind + spec.type + spec.lifecycle (unfiltered)', runs, () =>
    service.getEntityFacets({ facets: ['kind', 'spec.type', 'spec.lifecycle'] }),
  );
  await timeIt('facets spec.type where kind=component', runs, () =>
    service.getEntityFacets({ facets: ['spec.type'], filter: components }),
  );
  await timeIt('facets spec.owner where kind=component (200 values)', runs, () =>
    service.getEntityFacets({ facets: ['spec.owner'], filter: components }),
  );
  await timeIt('facets metadata.tags where kind=component (3 tags per entity)', runs, () =>
    service.getEntityFacets({ facets: ['metadata.tags'], filter: components }),
  );
  const ref = syntheticEntity(Math.floor(count / 2));
  await timeIt('by-name (service call)', 500, () =>
    service.getEntityByName({
      kind: ref.kind,
      namespace: ref.metadata.namespace ?? 'default',
      name: ref.metadata.name,
    }),
  );
  await timeIt('by-refs 100 refs', runs, () =>
    service.getEntitiesByRefs({
      entityRefs: Array.from({ length: 100 }, (_, i) =>
        stringifyEntityRef(syntheticEntity(i * 13)),
      ),
    }),
  );
  const started = performance.now();
  let streamed = 0;
  const list = await service.listEntities({ filter: components });
  for await (const chunk of list.chunks) streamed += chunk.length;
  console.log(
    JSON.stringify({
      label: 'GET /entities?filter=kind=component streamed',
      entities: streamed,
      ms: Math.round(performance.now() - started),
    }),
  );

  await measureHttp(service);
}

/** by-name over HTTP at 1000 requests per second; the load comes from another process. */
async function measureHttp(service: EntitiesQueryService): Promise<void> {
  const app = express();
  app.use('/api/catalog', createEntitiesRouter({ service }));
  app.use(errorHandler({ logger }));
  const server = createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'load', String(port), String(count)],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await once(child, 'exit');
  const cpu = process.cpuUsage(cpuBefore);
  console.log(
    JSON.stringify({
      label: 'server process CPU during the load',
      cpuPercentOfOneCore: Math.round(
        ((cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)) * 100,
      ),
    }),
  );
  await new Promise(resolve => server.close(resolve));
}

/**
 * The load generator (child process): by-name requests sent open-loop, evenly spaced at 1000 per
 * second for 10 s over keep-alive connections. Latency counts from each request's scheduled
 * time, so a stalled server is not hidden by requests that were simply sent later.
 */
async function generateLoad(port: number): Promise<void> {
  const entities = Array.from({ length: 1000 }, (_, i) => syntheticEntity((i * 37) % count));
  const paths = entities.map(
    e => `/api/catalog/entities/by-name/${e.kind}/${e.metadata.namespace}/${e.metadata.name}`,
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const rate = 1000;
  const total = rate * 11;
  const warmUp = rate; // the first second opens the connections
  const fromSchedule: number[] = [];
  const fromSend: number[] = [];
  let failures = 0;
  const send = (index: number, scheduled: number) =>
    new Promise<void>(resolve => {
      const path = paths[index % paths.length] as string;
      const sentAt = performance.now();
      const request = httpRequest({ host: '127.0.0.1', port, path, agent }, response => {
        if (response.statusCode !== 200) failures++;
        response.resume();
        response.on('end', () => {
          if (index >= warmUp) {
            fromSchedule.push(performance.now() - scheduled);
            fromSend.push(performance.now() - sentAt);
          }
          resolve();
        });
      });
      request.on('error', () => {
        failures++;
        resolve();
      });
      request.end();
    });
  const pending: Array<Promise<void>> = [];
  const started = performance.now() + 50;
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((performance.now() - started) * (rate / 1000)) + 1);
    for (; sent < due; sent++) {
      pending.push(send(sent, started + (sent * 1000) / rate));
    }
    await new Promise(resolve => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  agent.destroy();
  const percentiles = (values: number[]) => {
    values.sort((a, b) => a - b);
    const at = (q: number) =>
      Number((values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0).toFixed(2));
    return { p50ms: at(0.5), p99ms: at(0.99), maxMs: at(1) };
  };
  console.log(
    JSON.stringify({
      label:
        'HTTP by-name, open loop at 1000 req/s for 10 s (load from another process, first second excluded)',
      requests: fromSend.length,
      failures,
      fromSend: percentiles(fromSend),
      fromSchedule: percentiles(fromSchedule),
    }),
  );
}

if (process.argv[2] === 'load') {
  await generateLoad(Number(process.argv[3]));
  process.exit(0);
}

let database: Database;
let loaded = false;
if (engine === 'pg') {
  const admin = new pg.Client(adminConnection);
  await admin.connect();
  const existing = await admin.query('select 1 from pg_database where datname = $1', [
    databaseName,
  ]);
  loaded = existing.rows.length > 0;
  if (!loaded) await admin.query(`create database ${databaseName}`);
  await admin.end();
  database = await openPg(
    { client: 'pg', connection: { ...adminConnection, database: databaseName } },
    logger,
  );
} else {
  database = await openPglite({ logger });
}
try {
  if (!loaded) {
    await migratePluginUp(database.knex, 'catalog', catalogPluginMigrations);
    const loadStarted = performance.now();
    await load(database.knex);
    await database.knex.raw('vacuum analyze catalog_search');
    await database.knex.raw('vacuum analyze catalog_final_entities');
    console.log(
      JSON.stringify({ engine, loadSeconds: Math.round((performance.now() - loadStarted) / 1000) }),
    );
  }
  if (!process.env.LOAD_ONLY)
    await measure(database, createEntitiesQueryService({ knex: database.knex }));
} finally {
  await database.close();
  if (engine === 'pg' && !keptDatabase) {
    const admin = new pg.Client(adminConnection);
    await admin.connect();
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.end();
  }
}
