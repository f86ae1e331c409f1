import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '@callboard/catalog-model';
import type { EntityProcessing } from '../common';
import {
  engineSkipReason,
  eventually,
  gate,
  startGitServer,
  startStaticServer,
  startTestServer,
  testEngines,
  type TestGitServer,
  type TestServer,
  type TestStaticServer,
} from '@callboard/test-utils';

const webhookSecret = 'shared-webhook-secret';

const yaml = (...documents: string[]) => documents.map(d => d.trim()).join('\n---\n') + '\n';
const component = (name: string, extra = '', spec = '') => `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
${extra}
spec:
  type: service
  lifecycle: production
  owner: team-a
${spec}`;

describe.each(testEngines)('ingesting repositories on %s', engine => {
  const skip = engineSkipReason(engine);
  let git: TestGitServer;
  let files: TestStaticServer;
  let server: TestServer;
  let configDir: string;

  beforeAll(async () => {
    if (skip) return;
    git = await startGitServer();
    files = await startStaticServer();
    configDir = mkdtempSync(join(tmpdir(), 'callboard-config-locations-'));
    writeFileSync(
      join(configDir, 'org.yaml'),
      yaml(
        'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []',
        'apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: ada\nspec:\n  memberOf: [team-a]',
      ),
    );
    const configFile = join(configDir, 'app-config.yaml');
    writeFileSync(
      configFile,
      'catalog:\n  locations:\n    - type: file\n      target: ./org.yaml\n',
    );
    server = await startTestServer({
      engine,
      configFiles: [configFile],
      config: {
        integrations: { git: [{ host: git.host }] },
        backend: { reading: { allow: [{ host: git.host }, { host: files.host }] } },
        catalog: {
          // Periodic re-reads would only add noise; tests refresh explicitly.
          processingInterval: { minutes: 30 },
          webhooks: { secret: webhookSecret },
        },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await git?.close();
    await files?.close();
  });

  const api = (path: string, init?: RequestInit) => server.fetch(`/api/catalog${path}`, init);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    api(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const register = async (target: string) => {
    const response = await post('/locations', { type: 'url', target });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { location: { id: string } }).location;
  };
  const getEntity = async (ref: string): Promise<Entity> => {
    const [kind, rest] = ref.split(':') as [string, string];
    const [namespace, name] = rest.split('/') as [string, string];
    const response = await api(`/entities/by-name/${kind}/${namespace}/${name}`);
    if (response.status !== 200) throw new Error(`${ref}: ${response.status}`);
    return (await response.json()) as Entity;
  };
  const isGone = async (ref: string) => {
    const [kind, rest] = ref.split(':') as [string, string];
    const [namespace, name] = rest.split('/') as [string, string];
    expect((await api(`/entities/by-name/${kind}/${namespace}/${name}`)).status).toBe(404);
  };
  const refresh = (entityRef: string) => post('/refresh', { entityRef });
  const problems = async () =>
    (
      (await (await api('/problems?limit=1000')).json()) as {
        items: Array<Record<string, unknown>>;
      }
    ).items;

  /**
   * Registers `/<prefix>/index.yaml` from the static server: a Location of two nested Locations,
   * `a.yaml` and `b.yaml`, each with one Component (`<prefix>-a`, `<prefix>-b`). Returns how to
   * write the index again (with another description) and the root location's ref.
   */
  const registerTwoParts = async (prefix: string) => {
    const locations = (description: string) =>
      yaml(
        ...['a', 'b'].map(
          name =>
            `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: ${prefix}-${name}\n  description: ${description}\nspec:\n  target: ./${name}.yaml`,
        ),
      );
    files.set(`/${prefix}/index.yaml`, locations('one'));
    files.set(`/${prefix}/a.yaml`, component(`${prefix}-a`, '  description: a1'));
    files.set(`/${prefix}/b.yaml`, component(`${prefix}-b`, '  description: b1'));
    const index = `${files.url}/${prefix}/index.yaml`;
    await register(index);
    await eventually(() => getEntity(`component:default/${prefix}-b`));
    const [root] = (await (
      await api(`/entities?filter=${encodeURIComponent(`kind=location,spec.target=${index}`)}`)
    ).json()) as Entity[];
    return { locations, rootRef: `location:default/${root!.metadata.name}` };
  };

  it.skipIf(skip)(
    'ingests a registered repository with annotations, placeholders and relations in both directions',
    async () => {
      const repo = await git.createRepository('acme/payments.git', {
        'catalog-info.yaml': yaml(
          component(
            'payments',
            '  description: Takes payments',
            '  system: shop\n  providesApis: [payments-api]\n  dependsOn: [resource:payments-db]',
          ),
          'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: payments-api\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    $text: ./openapi.yaml',
          'apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: shop\nspec:\n  owner: team-a',
          'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: payments-db\nspec:\n  type: database\n  owner: team-a',
        ),
        'openapi.yaml': 'openapi: 3.0.0\ninfo:\n  title: Payments\n',
      });
      const location = await register(repo.cloneUrl);

      const payments = await eventually(() => getEntity('component:default/payments'));
      const annotations = payments.metadata.annotations ?? {};
      expect(annotations['backstage.io/managed-by-location']).toBe(
        `url:${repo.blobUrl('catalog-info.yaml')}`,
      );
      expect(annotations['backstage.io/managed-by-origin-location']).toBe(`url:${repo.cloneUrl}`);
      // A plain git host (the test server) serves no page to view the file on.
      expect(annotations['backstage.io/view-url']).toBeUndefined();
      expect(annotations['backstage.io/source-location']).toMatch(/^url:.*\/$/);
      expect(payments.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(payments.metadata.etag).toMatch(/^[0-9a-f]{40}$/);
      expect((payments.metadata as { generation?: number }).generation).toBe(1);
      expect(payments.relations).toEqual(
        expect.arrayContaining([
          { type: 'ownedBy', targetRef: 'group:default/team-a' },
          { type: 'partOf', targetRef: 'system:default/shop' },
          { type: 'providesApi', targetRef: 'api:default/payments-api' },
          { type: 'dependsOn', targetRef: 'resource:default/payments-db' },
        ]),
      );

      const paymentsApi = await eventually(async () => {
        const entity = await getEntity('api:default/payments-api');
        expect(entity.relations).toContainEqual({
          type: 'apiProvidedBy',
          targetRef: 'component:default/payments',
        });
        return entity;
      });
      expect((paymentsApi.spec as { definition: string }).definition).toBe(
        'openapi: 3.0.0\ninfo:\n  title: Payments\n',
      );
      await eventually(async () => {
        expect((await getEntity('system:default/shop')).relations).toContainEqual({
          type: 'hasPart',
          targetRef: 'component:default/payments',
        });
        // The group comes from a config file location, and knows what it owns.
        expect((await getEntity('group:default/team-a')).relations).toEqual(
          expect.arrayContaining([
            { type: 'ownerOf', targetRef: 'component:default/payments' },
            { type: 'hasMember', targetRef: 'user:default/ada' },
          ]),
        );
      });

      const status = await eventually(async () => {
        const body = (await (await api('/status')).json()) as {
          entities: number;
          queue: Record<string, number>;
        };
        expect(body.queue).toEqual({ due: 0, requested: 0, inProgress: 0, stitching: 0 });
        return body;
      });
      expect(status.entities).toBeGreaterThanOrEqual(6);

      const byEntity = await api('/locations/by-entity/component/default/payments');
      expect(await byEntity.json()).toMatchObject({
        id: location.id,
        type: 'url',
        target: repo.cloneUrl,
      });
    },
  );

  it.skipIf(skip)(
    'keeps the last good version of an entity whose descriptor breaks, and says why on the entity',
    async () => {
      const repo = await git.createRepository('acme/orders.git', {
        'catalog-info.yaml': component('orders', '  description: First version'),
      });
      await register(repo.cloneUrl);
      await eventually(() => getEntity('component:default/orders'));

      await repo.commit({
        'catalog-info.yaml': component(
          'orders',
          '  description: Broken version\n  tags: [Not A Tag]',
        ),
      });
      await refresh('component:default/orders');
      const broken = await eventually(async () => {
        const entity = await getEntity('component:default/orders');
        expect(entity.status?.items?.[0]).toMatchObject({
          type: 'backstage.io/catalog-processing',
          level: 'error',
        });
        return entity;
      });
      expect(broken.metadata.description).toBe('First version');
      expect(broken.status?.items?.[0]?.message).toMatch(/metadata\.tags\[0\]/);
      expect(await problems()).toContainEqual(
        expect.objectContaining({
          entityRef: 'component:default/orders',
          type: 'validation',
          field: 'metadata.tags[0]',
          file: `url:${repo.blobUrl('catalog-info.yaml')}`,
          document: 1,
        }),
      );
      // The entity page's view of the same: its problems, where it came from, when it was read.
      const processing = (await (
        await api('/entities/by-name/component/default/orders/processing')
      ).json()) as EntityProcessing;
      expect(processing).toMatchObject({
        entityRef: 'component:default/orders',
        location: `url:${repo.cloneUrl}`,
        file: `url:${repo.blobUrl('catalog-info.yaml')}`,
        problems: [
          expect.objectContaining({ type: 'validation', field: 'metadata.tags[0]', document: 1 }),
        ],
      });
      // The last successful read was before the failed attempt.
      expect(Date.parse(processing.processedAt!)).toBeLessThan(Date.parse(processing.attemptedAt!));
      expect((await api('/entities/by-name/component/default/nope/processing')).status).toBe(404);

      // Database time may lag this process's clock by a little; a second of slack.
      const fixedAt = Date.now() - 1_000;
      await repo.commit({
        'catalog-info.yaml': component('orders', '  description: Fixed version'),
      });
      await refresh('component:default/orders');
      await eventually(async () => {
        const entity = await getEntity('component:default/orders');
        expect(entity.metadata.description).toBe('Fixed version');
        expect(entity.status).toBeUndefined();
        expect((entity.metadata as { generation?: number }).generation).toBe(2);
      });
      // The fixed entity is among the most recently changed, newest first. (Its owner may be
      // stitched again at the same moment, so it need not be the very first.)
      const recent = (await (await api('/entities/recent?limit=5')).json()) as {
        items: Array<{ entityRef: string; updatedAt: string }>;
      };
      expect(recent.items).toContainEqual({
        entityRef: 'component:default/orders',
        kind: 'Component',
        namespace: 'default',
        name: 'orders',
        updatedAt: expect.any(String),
      });
      const times = recent.items.map(item => Date.parse(item.updatedAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(
        Date.parse(
          recent.items.find(item => item.entityRef === 'component:default/orders')!.updatedAt,
        ),
      ).toBeGreaterThanOrEqual(fixedAt);
      expect((await api('/entities/recent?limit=0')).status).toBe(400);
    },
  );

  it.skipIf(skip)(
    'reports a document that does not parse with its index and line, and ingests the others',
    async () => {
      const repo = await git.createRepository('acme/mixed.git', {
        'catalog-info.yaml': yaml(
          component('mixed-one'),
          'kind: Component\n  broken: [yes\nmetadata: {}',
          component('mixed-three'),
        ),
      });
      await register(repo.cloneUrl);
      await eventually(async () => {
        await getEntity('component:default/mixed-one');
        await getEntity('component:default/mixed-three');
      });
      const problem = (await problems()).find(
        p => p.type === 'yaml' && String(p.file).includes('acme/mixed.git'),
      );
      expect(problem).toMatchObject({
        document: 2,
        level: 'error',
        file: `url:${repo.blobUrl('catalog-info.yaml')}`,
      });
      expect(problem?.line).toBeGreaterThanOrEqual(10);
      expect(problem?.message).toMatch(/YAML error in document 2/);
    },
  );

  it.skipIf(skip)(
    'deletes an entity its location no longer emits (orphan), and only that one',
    async () => {
      const repo = await git.createRepository('acme/two.git', {
        'catalog-info.yaml': yaml(component('keeper'), component('leaver')),
      });
      await register(repo.cloneUrl);
      await eventually(() => getEntity('component:default/leaver'));
      await repo.commit({ 'catalog-info.yaml': component('keeper') });
      await refresh('component:default/keeper');
      await eventually(() => isGone('component:default/leaver'));
      await getEntity('component:default/keeper');
    },
  );

  it.skipIf(skip)(
    'follows nested Location targets: relative files, globs, duplicates collapsed, cycles refused',
    async () => {
      const repo = await git.createRepository('acme/monorepo.git', {
        'catalog-info.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: monorepo\nspec:\n  targets:\n    - ./services/*/catalog-info.yaml\n    - ./services/alpha/catalog-info.yaml\n    - ./loop.yaml\n',
        'services/alpha/catalog-info.yaml': component('alpha'),
        'services/beta/catalog-info.yaml': component('beta'),
        'loop.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: loop\nspec:\n  target: ./catalog-info.yaml\n',
      });
      await register(repo.cloneUrl);
      await eventually(async () => {
        await getEntity('component:default/alpha');
        await getEntity('component:default/beta');
        await getEntity('location:default/loop');
      });
      await eventually(async () => {
        const cycle = (await problems()).find(p => /cycle/.test(String(p.message)));
        expect(cycle).toMatchObject({ entityRef: 'location:default/loop', type: 'location' });
      });
      const ancestry = (await (
        await api('/entities/by-name/component/default/alpha/ancestry')
      ).json()) as {
        rootEntityRef: string;
        items: Array<{ entity: Entity; parentEntityRefs: string[] }>;
      };
      expect(ancestry.rootEntityRef).toMatch(/^location:default\/generated-/);
      expect(
        ancestry.items.find(item => item.entity.metadata.name === 'alpha')?.parentEntityRefs,
      ).toEqual(['location:default/monorepo']);
    },
  );

  it.skipIf(skip)(
    'lets the first location keep an entity two locations define, and shows the conflict on it',
    async () => {
      const first = await git.createRepository('acme/first.git', {
        'catalog-info.yaml': component('contested', '  description: from first'),
      });
      const second = await git.createRepository('acme/second.git', {
        'catalog-info.yaml': component('contested', '  description: from second'),
      });
      await register(first.cloneUrl);
      await eventually(() => getEntity('component:default/contested'));
      await register(second.cloneUrl);
      const entity = await eventually(async () => {
        const found = await getEntity('component:default/contested');
        expect(found.status?.items).toContainEqual(
          expect.objectContaining({ type: 'callboard.io/catalog-conflict', level: 'warning' }),
        );
        return found;
      });
      expect(entity.metadata.description).toBe('from first');
      expect(JSON.stringify(entity.status)).toContain(second.blobUrl('catalog-info.yaml'));
    },
  );

  it.skipIf(skip)(
    'unregistering removes the entities of that location and nothing else',
    async () => {
      const repo = await git.createRepository('acme/temporary.git', {
        'catalog-info.yaml': yaml(component('temp-one'), component('temp-two')),
      });
      const location = await register(repo.cloneUrl);
      await eventually(() => getEntity('component:default/temp-two'));
      const deleted = await api(`/locations/${location.id}`, { method: 'DELETE' });
      expect(deleted.status).toBe(204);
      await isGone('component:default/temp-one');
      await isGone('component:default/temp-two');
      await getEntity('group:default/team-a');
      expect((await api(`/locations/${location.id}`)).status).toBe(404);
    },
  );

  it.skipIf(skip)(
    'refuses kinds the rules do not allow from a registered URL, naming the file and document',
    async () => {
      const repo = await git.createRepository('acme/sneaky.git', {
        'catalog-info.yaml': yaml(
          component('allowed-one'),
          'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: sneaky\nspec:\n  type: team\n  children: []',
        ),
      });
      await register(repo.cloneUrl);
      await eventually(() => getEntity('component:default/allowed-one'));
      await isGone('group:default/sneaky');
      expect(await problems()).toContainEqual(
        expect.objectContaining({
          type: 'rules',
          document: 2,
          message: expect.stringMatching(
            /group:default\/sneaky .* not of an allowed kind/,
          ) as unknown,
        }),
      );
    },
  );

  it.skipIf(skip)(
    'answers 409 for a location registered twice, and previews a registration with dryRun',
    async () => {
      const repo = await git.createRepository('acme/preview.git', {
        'catalog-info.yaml': component('previewed'),
      });
      const dry = await post('/locations?dryRun=true', { type: 'url', target: repo.cloneUrl });
      expect(dry.status).toBe(201);
      const body = (await dry.json()) as {
        location: { id: string };
        entities: Entity[];
        exists: boolean;
      };
      expect(body.exists).toBe(false);
      expect(body.location.id).toBe(`url:${repo.cloneUrl}`);
      expect(body.entities.map(e => `${e.kind}:${e.metadata.name}`)).toContain(
        'Component:previewed',
      );
      await isGone('component:default/previewed');

      await register(repo.cloneUrl);
      const again = await post('/locations', { type: 'url', target: repo.cloneUrl });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({
        error: { name: 'ConflictError', message: `Location url:${repo.cloneUrl} already exists` },
      });
      const refreshed = await post('/locations?onConflict=refresh', {
        type: 'url',
        target: repo.cloneUrl,
      });
      expect(refreshed.status).toBe(201);
      expect(await refreshed.json()).toMatchObject({ exists: true });
    },
  );

  it.skipIf(skip)('refuses locations it must not read, with the reason', async () => {
    const cases: Array<[unknown, number, RegExp]> = [
      [{ type: 'file', target: '/etc/passwd' }, 400, /allowed type \["url"\]/],
      [{ type: 'url', target: 'not a url' }, 400, /not an absolute URL/],
      [{ type: 'url', target: 'http://127.0.0.2:1/repo.git' }, 403, /127\.0\.0\.2/],
      [{ type: 'url', target: 'javascript:alert(1)' }, 400, /script URL/],
    ];
    for (const [body, status, message] of cases) {
      const response = await post('/locations', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
        message,
      );
    }
  });

  it.skipIf(skip)('puts a pushed repository first through the signed webhook', async () => {
    const repo = await git.createRepository('acme/pushed.git', {
      'catalog-info.yaml': component('pushed', '  description: before the push'),
    });
    await register(repo.cloneUrl);
    await eventually(() => getEntity('component:default/pushed'));
    await repo.commit({
      'catalog-info.yaml': component('pushed', '  description: after the push'),
    });

    const body = JSON.stringify({
      ref: 'refs/heads/main',
      repository: { html_url: repo.cloneUrl, clone_url: repo.cloneUrl },
    });
    const unsigned = await api('/webhooks/git', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    const signature = `sha256=${createHmac('sha256', webhookSecret).update(body).digest('hex')}`;
    const signed = await api('/webhooks/git', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signature,
        'x-github-event': 'push',
      },
      body,
    });
    expect(signed.status).toBe(200);
    expect(((await signed.json()) as { refreshed: string[] }).refreshed.length).toBeGreaterThan(0);
    await eventually(async () => {
      expect((await getEntity('component:default/pushed')).metadata.description).toBe(
        'after the push',
      );
    });
  });

  it.skipIf(skip)('keeps a refresh asked for while the entity is being read', async () => {
    const path = '/slow/catalog-info.yaml';
    files.set(path, component('slow-read', '  description: first'));
    await register(`${files.url}${path}`);
    await eventually(() => getEntity('component:default/slow-read'));

    // A read that starts before the change and answers after it, with what it saw.
    const staleRead = gate();
    const seen = files.requests.length;
    files.set(path, {
      body: component('slow-read', '  description: stale'),
      until: staleRead.opened,
    });
    expect((await refresh('component:default/slow-read')).status).toBe(200);
    await eventually(() => expect(files.requests.slice(seen).map(r => r.path)).toContain(path));
    // The change lands, and its refresh comes while that read is still running.
    files.set(path, component('slow-read', '  description: current'));
    expect((await refresh('component:default/slow-read')).status).toBe(200);
    staleRead.open();

    // The round that read the stale file must not swallow the second request (the next periodic
    // read is 30 minutes away): the entity is read again and shows the current file.
    await eventually(async () => {
      expect((await getEntity('component:default/slow-read')).metadata.description).toBe('current');
    });
  });

  it.skipIf(skip)(
    'brings back an entity deleted by uid while its location is being read',
    async () => {
      const path = '/deleted-during-read/catalog-info.yaml';
      files.set(path, component('deleted-during-read'));
      await register(`${files.url}${path}`);
      const before = await eventually(() => getEntity('component:default/deleted-during-read'));

      // The location's read starts before the delete and answers after it, unchanged.
      const unchangedRead = gate();
      const seen = files.requests.length;
      files.set(path, { body: component('deleted-during-read'), until: unchangedRead.opened });
      expect((await refresh('component:default/deleted-during-read')).status).toBe(200);
      await eventually(() => expect(files.requests.slice(seen).map(r => r.path)).toContain(path));
      const deleted = await api(`/entities/by-uid/${before.metadata.uid}`, { method: 'DELETE' });
      expect(deleted.status).toBe(204);
      unchangedRead.open();

      // That read must not mark the location as read: the delete asked for a full read again.
      const back = await eventually(() => getEntity('component:default/deleted-during-read'));
      expect(back.metadata.uid).not.toBe(before.metadata.uid);
    },
  );

  it.skipIf(skip)('writes what a round has finished while one slow read holds it', async () => {
    const { locations, rootRef } = await registerTwoParts('part');

    // Both nested locations change at once, so one round claims them together; reading a.yaml
    // then lasts until the test lets it answer, b.yaml answers at once.
    const readOfA = gate();
    files.set('/part/index.yaml', locations('two'));
    files.set('/part/a.yaml', {
      body: component('part-a', '  description: a2'),
      until: readOfA.opened,
    });
    files.set('/part/b.yaml', component('part-b', '  description: b2'));
    const seen = files.requests.length;
    expect((await refresh(rootRef)).status).toBe(200);

    // b's result is written while a's read is still waiting for its answer.
    await eventually(async () => {
      expect((await getEntity('component:default/part-b')).metadata.description).toBe('b2');
    });
    expect(files.requests.slice(seen).filter(r => r.path === '/part/a.yaml')).toMatchObject([
      { answered: false },
    ]);
    expect((await getEntity('component:default/part-a')).metadata.description).toBe('a1');
    readOfA.open();
    await eventually(async () => {
      expect((await getEntity('component:default/part-a')).metadata.description).toBe('a2');
    });
  });

  it.skipIf(skip)(
    'after a failed write, waits for reads in flight before giving their leases back',
    async () => {
      const { locations, rootRef } = await registerTwoParts('abandon');
      files.set('/abandon-witness.yaml', component('abandon-witness', '  description: w1'));
      await register(`${files.url}/abandon-witness.yaml`);
      await eventually(() => getEntity('component:default/abandon-witness'));
      const readOfA = gate();

      // The database refuses, once, to write location b's result (a real failed write: a
      // sequence counts outside transactions, so the failure happens exactly once).
      const knex = server.backend.database.knex;
      await knex.raw('create sequence abandon_write_failures');
      await knex.raw(`
        create function abandon_fail_once() returns trigger language plpgsql as $$
        begin
          if new.entity_ref = 'location:default/abandon-b' and old.lease_owner is not null
             and new.lease_owner is null then
            if nextval('abandon_write_failures') = 1 then
              raise exception 'injected write failure';
            end if;
          end if;
          return new;
        end $$`);
      await knex.raw(`create trigger abandon_fail_once before update on catalog_refresh_state
        for each row execute function abandon_fail_once()`);
      try {
        // a and b are claimed together; a's read lasts until the test lets it answer, so b's
        // result is written first (after 1 s), and that write fails while a is still read.
        files.set('/abandon/index.yaml', locations('two'));
        files.set('/abandon/a.yaml', {
          body: component('abandon-a', '  description: a2'),
          until: readOfA.opened,
        });
        files.set('/abandon/b.yaml', component('abandon-b', '  description: b2'));
        const seen = files.requests.length;
        expect((await refresh(rootRef)).status).toBe(200);
        await eventually(async () => {
          const rows = (await knex.raw('select is_called from abandon_write_failures')) as {
            rows: Array<{ is_called: boolean }>;
          };
          expect(rows.rows[0]?.is_called).toBe(true);
        });
        // Given back while still being read, a would be claimed and read a second time by the
        // next round. Rounds do run meanwhile: a change asked for now is served (by the lane for
        // requested work) — and a was still read only once, and is still being read.
        files.set('/abandon-witness.yaml', component('abandon-witness', '  description: w2'));
        expect((await refresh('component:default/abandon-witness')).status).toBe(200);
        await eventually(async () => {
          const witness = await getEntity('component:default/abandon-witness');
          expect(witness.metadata.description).toBe('w2');
        });
        const readsOfA = () => files.requests.slice(seen).filter(r => r.path === '/abandon/a.yaml');
        expect(readsOfA()).toMatchObject([{ answered: false }]);
        readOfA.open();

        // Nothing is lost: both are read again and written.
        await eventually(
          async () => {
            expect((await getEntity('component:default/abandon-a')).metadata.description).toBe(
              'a2',
            );
            expect((await getEntity('component:default/abandon-b')).metadata.description).toBe(
              'b2',
            );
          },
          { timeoutMs: 30_000 },
        );
      } finally {
        readOfA.open();
        await knex.raw('drop trigger abandon_fail_once on catalog_refresh_state');
        await knex.raw('drop function abandon_fail_once()');
        await knex.raw('drop sequence abandon_write_failures');
      }
    },
    40_000,
  );

  it.skipIf(skip)('validates an entity without storing it', async () => {
    const ok = await post('/validate-entity', {
      location: 'url:https://example.com/catalog-info.yaml',
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'ok' },
        spec: { type: 'service', lifecycle: 'x', owner: 'y' },
      },
    });
    expect(ok.status).toBe(200);
    const bad = await post('/validate-entity', {
      location: 'url:https://example.com/catalog-info.yaml',
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'bad name' },
        spec: {},
      },
    });
    expect(bad.status).toBe(400);
    const errors = ((await bad.json()) as { errors: Array<{ name: string; message: string }> })
      .errors;
    expect(errors.map(e => e.message).join('\n')).toMatch(/metadata\.name/);
    expect(errors.map(e => e.message).join('\n')).toMatch(/spec\.owner/);
  });

  it.skipIf(skip)('brings a deleted entity back when its location still emits it', async () => {
    const repo = await git.createRepository('acme/phoenix.git', {
      'catalog-info.yaml': component('phoenix'),
    });
    await register(repo.cloneUrl);
    const before = await eventually(() => getEntity('component:default/phoenix'));
    const deleted = await api(`/entities/by-uid/${before.metadata.uid}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    const after = await eventually(() => getEntity('component:default/phoenix'));
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(
      (await api('/entities/by-uid/00000000-0000-0000-0000-000000000000', { method: 'DELETE' }))
        .status,
    ).toBe(404);
  });
});

describe.each(testEngines)('periodic re-reading and kept orphans on %s', engine => {
  const skip = engineSkipReason(engine);
  let git: TestGitServer;
  let files: TestStaticServer;
  let server: TestServer;

  beforeAll(async () => {
    if (skip) return;
    git = await startGitServer();
    files = await startStaticServer();
    server = await startTestServer({
      engine,
      config: {
        integrations: { git: [{ host: git.host }] },
        backend: { reading: { allow: [{ host: git.host }, { host: files.host }] } },
        catalog: {
          processingInterval: { seconds: 1 },
          orphanStrategy: 'keep',
          // Periodic reads may reuse a repository listing this long; here every read asks again.
          reading: { fetchCacheSeconds: 0 },
        },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await git?.close();
    await files?.close();
  });

  const entity = async (name: string) => {
    const response = await server.fetch(`/api/catalog/entities/by-name/component/default/${name}`);
    if (response.status !== 200) throw new Error(`${name}: ${response.status}`);
    return (await response.json()) as Entity;
  };

  it.skipIf(skip)(
    'picks up a change without being asked, and marks what is gone as an orphan',
    async () => {
      const repo = await git.createRepository('periodic/repo.git', {
        'catalog-info.yaml': yaml(component('stays', '  description: one'), component('goes')),
      });
      const response = await server.fetch('/api/catalog/locations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'url', target: repo.cloneUrl }),
      });
      expect(response.status).toBe(201);
      await eventually(() => entity('goes'));

      // No refresh and no webhook: the periodic re-read finds the commit.
      await repo.commit({ 'catalog-info.yaml': component('stays', '  description: two') });
      await eventually(async () => {
        expect((await entity('stays')).metadata.description).toBe('two');
        const orphan = await entity('goes');
        expect(orphan.metadata.annotations?.['backstage.io/orphan']).toBe('true');
      });
      const orphans = (await (
        await server.fetch(
          '/api/catalog/entities?filter=metadata.annotations.backstage.io/orphan=true',
        )
      ).json()) as Entity[];
      expect(orphans.map(e => e.metadata.name)).toEqual(['goes']);
    },
  );
  it.skipIf(skip)('serves a refresh while a periodic round is stuck on a slow read', async () => {
    const register = async (path: string) => {
      const response = await server.fetch('/api/catalog/locations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'url', target: `${files.url}${path}` }),
      });
      expect(response.status).toBe(201);
    };
    files.set('/stuck.yaml', component('stuck', '  description: s1'));
    files.set('/asked.yaml', component('asked', '  description: q1'));
    await register('/stuck.yaml');
    await register('/asked.yaml');
    await eventually(() => entity('asked'));

    // The next periodic read of stuck.yaml lasts until the test lets it answer, and holds the
    // routine processing round.
    const stuckRead = gate();
    const seen = files.requests.length;
    files.set('/stuck.yaml', {
      body: component('stuck', '  description: s2'),
      until: stuckRead.opened,
    });
    const slowRead = await eventually(() => {
      const found = files.requests.slice(seen).find(r => r.path === '/stuck.yaml');
      if (!found) throw new Error('stuck.yaml was not read again yet');
      return found;
    });
    files.set('/asked.yaml', component('asked', '  description: q2'));
    const refreshed = await server.fetch('/api/catalog/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entityRef: 'component:default/asked' }),
    });
    expect(refreshed.status).toBe(200);

    await eventually(async () => expect((await entity('asked')).metadata.description).toBe('q2'));
    // Served while the slow read was still running: requested work has a lane of its own.
    expect(slowRead.answered).toBe(false);
    files.set('/stuck.yaml', component('stuck', '  description: s1'));
    stuckRead.open();
  });
});
