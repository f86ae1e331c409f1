import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginList } from '@callboard/plugin-api/backend';
import { catalogPlugin, type CatalogService } from '@callboard/plugin-catalog/backend';
import {
  engineSkipReason,
  eventually,
  startGitServer,
  startTestServer,
  testEngines,
  type TestGitServer,
  type TestServer,
} from '@callboard/test-utils';
import {
  deploymentSchema,
  deploymentsPageSchema,
  entityVersionsSchema,
  environmentsResponseSchema,
  impactResponseSchema,
  overviewResponseSchema,
  type Deployment,
} from '../common';
import { versionsPlugin, type VersionsApi } from './versionsPlugin';

const ciToken = 'ci-token-0123456789';
const docsToken = 'docs-token-0123456789';

/** The example organisation, in one repository whose tags are releases of two components. */
const catalogInfo = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-a
  annotations:
    slack.com/channel: '#team-a'
spec:
  type: team
  profile: { email: team-a@example.com }
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: alice
spec:
  profile: { email: alice@example.com }
  memberOf: [team-a]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
spec: { type: service, lifecycle: production, owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing
  annotations:
    callboard.dev/tag-pattern: 'billing@{version}'
spec: { type: service, lifecycle: production, owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: qa
  title: QA
  annotations:
    callboard.dev/environment-tier: testing
spec: { type: environment, owner: team-a }
`;

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

/**
 * The versions plugin over real HTTP on each engine, with the catalog it follows and a real git
 * repository whose tags it reads: one server per engine, shared by every test below.
 */
describe.each(testEngines)('the versions plugin on %s', engine => {
  const skip = engineSkipReason(engine);
  let git: TestGitServer;
  /** A second git host, closed mid-test: a repository whose tags can no longer be read. */
  let doomedGit: TestGitServer;
  let server: TestServer;
  let catalog: CatalogService | undefined;
  let versions: VersionsApi;

  const post = (path: string, body: unknown, token: string | null = ciToken) =>
    server.fetch(`/api/versions${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  const deploy = async (body: Record<string, unknown>) => {
    const response = await post('/deployments', body);
    expect(response.status, await response.clone().text()).toBe(201);
    return deploymentSchema.parse(await response.json());
  };
  const getJson = async (path: string) => {
    const response = await server.fetch(`/api/versions${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const errorOf = (body: Record<string, unknown>) =>
    body.error as { name: string; message: string };
  const entityVersions = async (name: string) => {
    const { status, body } = await getJson(`/entities/component/default/${name}`);
    expect(status).toBe(200);
    return entityVersionsSchema.parse(body);
  };

  beforeAll(async () => {
    if (skip) return;
    git = await startGitServer();
    doomedGit = await startGitServer();
    const repository = await git.createRepository('acme/shop.git', {
      'catalog-info.yaml': catalogInfo,
    });
    await repository.tag('v1.0.0');
    await repository.commit({ 'README.md': 'one\n' });
    await repository.tag('1.1.0', { message: 'annotated' });
    await repository.tag('release-2026-12-07');
    await repository.tag('billing@3.1.0');
    await repository.tag('billing/v9.9.9');
    await repository.commit({ 'README.md': 'two\n' });
    await repository.tag('v2.0.0');
    const plugins: PluginList = async (start, core) => {
      catalog = await start(catalogPlugin, { kinds: core.kinds });
      versions = await start(versionsPlugin, { catalog });
    };
    server = await startTestServer({
      engine,
      plugins,
      config: {
        integrations: { git: [{ host: git.host }, { host: doomedGit.host }] },
        backend: {
          reading: { allow: [{ host: git.host }, { host: doomedGit.host }] },
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: ciToken, subject: 'ci' },
                accessRestrictions: [{ plugin: 'versions' }],
              },
              {
                type: 'static',
                options: { token: docsToken, subject: 'docs-bot' },
                accessRestrictions: [{ plugin: 'docs' }],
              },
            ],
          },
        },
        catalog: {
          processingInterval: { minutes: 30 },
          rules: [{ allow: ['Component', 'Resource', 'Group', 'User', 'Location'] }],
        },
        versions: {
          environments: [
            { name: 'production', tier: 'production', title: 'Production' },
            { name: 'development', tier: 'development' },
            { name: 'staging', tier: 'staging' },
          ],
        },
      },
    });
    await catalog!.registerLocation(repository.cloneUrl, { dryRun: false });
    await catalog!.whenIdle();
    await eventually(async () => {
      await versions.syncNow();
      const payments = await entityVersions('payments');
      const billing = await entityVersions('billing');
      expect(payments.releases).toHaveLength(3);
      expect(billing.releases).toHaveLength(1);
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await git?.close();
    await doomedGit?.close();
  });

  it.skipIf(skip)(
    'lists environments from config and the catalog, development → production',
    async () => {
      const { status, body } = await getJson('/environments');
      expect(status).toBe(200);
      expect(environmentsResponseSchema.parse(body).items).toEqual([
        { name: 'development', title: 'development', tier: 'development', source: 'app-config' },
        { name: 'qa', title: 'QA', tier: 'testing', source: 'resource:default/qa' },
        { name: 'staging', title: 'staging', tier: 'staging', source: 'app-config' },
        { name: 'production', title: 'Production', tier: 'production', source: 'app-config' },
      ]);
    },
  );

  it.skipIf(skip)(
    'reads releases from semver tags, with a monorepo scheme by annotation',
    async () => {
      const payments = await entityVersions('payments');
      expect(payments.releases.map(release => [release.version, release.source])).toEqual([
        ['2.0.0', 'tag'],
        ['1.1.0', 'tag'],
        ['1.0.0', 'tag'],
      ]);
      expect(payments.releases.every(release => /^[0-9a-f]{40}$/.test(release.commit!))).toBe(true);
      expect(payments.releasesProblem).toBeNull();
      const billing = await entityVersions('billing');
      expect(billing.releases.map(release => release.version)).toEqual(['3.1.0']);
    },
  );

  it.skipIf(skip)(
    'answers 401 without a token, 403 for a token of another plugin, 400 for one in the query',
    async () => {
      const body = {
        entityRef: 'component:default/payments',
        environment: 'staging',
        version: '1.0.0',
        status: 'succeeded',
      };
      const none = await post('/deployments', body, null);
      expect(none.status).toBe(401);
      const noneBody = (await none.json()) as Record<string, unknown>;
      expect(errorOf(noneBody).name).toBe('AuthenticationError');
      expect(noneBody.response).toEqual({ statusCode: 401 });
      const wrong = await post('/deployments', body, 'not-a-known-token');
      expect(wrong.status).toBe(401);
      expect(errorOf((await wrong.json()) as Record<string, unknown>).message).toBe(
        'Invalid token',
      );
      const other = await post('/deployments', body, docsToken);
      expect(other.status).toBe(403);
      expect(errorOf((await other.json()) as Record<string, unknown>)).toEqual({
        name: 'NotAllowedError',
        message: 'The token of "docs-bot" is not allowed to use the versions plugin',
      });
      const query = await server.fetch(`/api/versions/deployments?token=${ciToken}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ciToken}` },
        body: JSON.stringify(body),
      });
      expect(query.status).toBe(400);
      expect(errorOf((await query.json()) as Record<string, unknown>).message).toMatch(
        /^A token in the query string \("token"\) is refused/,
      );
      const release = await post('/releases', { entityRef: 'payments', version: '9.0.0' }, null);
      expect(release.status).toBe(401);
    },
  );

  it.skipIf(skip)(
    'keeps the latest succeeded deployment current: late and failed reports change nothing',
    async () => {
      const payments = 'component:default/payments';
      const first = await deploy({
        entityRef: payments,
        environment: 'production',
        version: '1.0.0',
        status: 'succeeded',
        finishedAt: hoursAgo(3),
        commit: 'a'.repeat(40),
      });
      expect(first).toMatchObject({
        entityRef: payments,
        environment: 'production',
        target: null,
        version: '1.0.0',
        status: 'succeeded',
        reportedBy: 'ci',
      });
      await deploy({
        entityRef: payments,
        environment: 'production',
        version: '1.1.0',
        status: 'in_progress',
        startedAt: hoursAgo(2.5),
      });
      await deploy({
        entityRef: payments,
        environment: 'production',
        version: '1.1.0',
        status: 'succeeded',
        startedAt: hoursAgo(2.5),
        finishedAt: hoursAgo(2),
        url: 'https://ci.example.com/runs/7',
      });
      // Late and out of order: an in_progress of an older run arrives after the success.
      await deploy({
        entityRef: payments,
        environment: 'production',
        version: '1.0.0',
        status: 'in_progress',
        startedAt: hoursAgo(4),
      });
      await deploy({
        entityRef: payments,
        environment: 'production',
        version: '2.0.0',
        status: 'failed',
        finishedAt: hoursAgo(1),
      });
      await deploy({
        entityRef: 'Component:default/PAYMENTS',
        environment: 'staging',
        version: 'v2.0.0',
        status: 'succeeded',
        finishedAt: hoursAgo(1),
      });

      const view = await entityVersions('payments');
      const production = view.environments.find(environment => environment.name === 'production')!;
      expect(production.current).toMatchObject({
        version: '1.1.0',
        status: 'succeeded',
        url: 'https://ci.example.com/runs/7',
      });
      expect(production.previous).toMatchObject({ version: '1.0.0', commit: 'a'.repeat(40) });
      expect(
        view.environments.map(environment => [
          environment.name,
          environment.current?.version ?? null,
        ]),
      ).toEqual([
        ['development', null],
        ['qa', null],
        ['staging', 'v2.0.0'],
        ['production', '1.1.0'],
      ]);
      expect(view.releases.map(release => [release.version, release.deployedTo])).toEqual([
        ['2.0.0', ['staging']],
        ['1.1.0', ['production']],
        ['1.0.0', []],
      ]);
      expect(view.drift).toEqual(['production is 1 release behind staging']);
    },
  );

  it.skipIf(skip)('stores a retried post with the same idempotency key once', async () => {
    const body = {
      entityRef: 'component:default/payments',
      environment: 'qa',
      version: '1.1.0',
      status: 'succeeded',
      idempotencyKey: 'run-42-attempt-1',
    };
    const first = await post('/deployments', body);
    expect(first.status).toBe(201);
    const stored = deploymentSchema.parse(await first.json());
    const again = await post('/deployments', body);
    expect(again.status).toBe(200);
    expect(deploymentSchema.parse(await again.json())).toEqual(stored);
    const { body: page } = await getJson('/deployments?entityRef=payments&environment=qa');
    expect(deploymentsPageSchema.parse(page).items.map(item => item.id)).toEqual([stored.id]);
    const reused = await post('/deployments', { ...body, version: '2.0.0' });
    expect(reused.status).toBe(409);
    expect(errorOf((await reused.json()) as Record<string, unknown>).message).toBe(
      'The idempotency key "run-42-attempt-1" was already used for another deployment (its version differs)',
    );
  });

  it.skipIf(skip)(
    'orders opaque versions by time, and a rollback gives back the one before',
    async () => {
      const billing = 'component:default/billing';
      await deploy({
        entityRef: billing,
        environment: 'development',
        version: 'build-100',
        status: 'succeeded',
        finishedAt: hoursAgo(3),
      });
      await deploy({
        entityRef: billing,
        environment: 'development',
        version: 'build-99',
        status: 'succeeded',
        finishedAt: hoursAgo(2),
      });
      let development = (await entityVersions('billing')).environments[0]!;
      expect([development.current?.version, development.previous?.version]).toEqual([
        'build-99',
        'build-100',
      ]);
      await deploy({
        entityRef: billing,
        environment: 'development',
        version: 'build-99',
        status: 'rolled_back',
        finishedAt: hoursAgo(1),
      });
      development = (await entityVersions('billing')).environments[0]!;
      expect([development.current?.version, development.previous]).toEqual(['build-100', null]);
      // Per target: each cluster has its own current version.
      await deploy({
        entityRef: billing,
        environment: 'production',
        target: 'eu-west-1',
        version: '3.1.0',
        status: 'succeeded',
        finishedAt: hoursAgo(2),
      });
      await deploy({
        entityRef: billing,
        environment: 'production',
        target: 'us-east-1',
        version: '3.0.0',
        status: 'succeeded',
        finishedAt: hoursAgo(1),
      });
      const production = (await entityVersions('billing')).environments.find(
        environment => environment.name === 'production',
      )!;
      expect(production.targets.map(target => [target.target, target.current?.version])).toEqual([
        ['eu-west-1', '3.1.0'],
        ['us-east-1', '3.0.0'],
      ]);
      expect(production.current?.version).toBe('3.0.0');
    },
  );

  it.skipIf(skip)('pages the history newest first', async () => {
    const seen: Deployment[] = [];
    let cursor: string | undefined;
    do {
      const { status, body } = await getJson(
        `/deployments?entityRef=component:default/payments&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(status).toBe(200);
      const page = deploymentsPageSchema.parse(body);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const { body: all } = await getJson('/deployments?entityRef=payments&limit=500');
    expect(seen).toEqual(deploymentsPageSchema.parse(all).items);
    expect(new Set(seen.map(item => item.id)).size).toBe(seen.length);
    const reported = seen.map(item => item.reportedAt);
    expect(reported).toEqual([...reported].sort().reverse());
    const bad = await getJson('/deployments?cursor=nonsense');
    expect(bad.status).toBe(400);
  });

  it.skipIf(skip)('refuses bad input, naming what is wrong', async () => {
    const body = {
      entityRef: 'component:default/payments',
      environment: 'staging',
      version: '1.0.0',
      status: 'succeeded',
    };
    const cases: Array<[Record<string, unknown>, number, string | RegExp]> = [
      [
        { ...body, entityRef: 'component:default/nope' },
        404,
        'No entity "component:default/nope" in the catalog',
      ],
      [
        { ...body, environment: 'moon' },
        400,
        'environment: unknown environment "moon"; known: development, qa, staging, production',
      ],
      [
        { ...body, version: 'x'.repeat(10_240) },
        400,
        /version: version must be at most 200 characters/,
      ],
      [{ ...body, startedAt: '3000-01-01T00:00:00Z' }, 400, /startedAt: must not be in the future/],
      [{ ...body, startedAt: 'yesterday' }, 400, /startedAt: must be an ISO 8601 date-time/],
      [{ ...body, status: 'done' }, 400, /status/],
      [{ ...body, url: 'javascript:alert(1)' }, 400, /url: must be an http\(s\) URL/],
    ];
    for (const [input, status, message] of cases) {
      const response = await post('/deployments', input);
      expect(response.status, JSON.stringify(input).slice(0, 100)).toBe(status);
      expect(errorOf((await response.json()) as Record<string, unknown>).message).toMatch(message);
    }
    const range = await getJson('/impact?entityRef=payments&range=banana');
    expect(range.status).toBe(400);
    expect(errorOf(range.body).message).toMatch(
      /^range "banana" is not a semver range: write a version/,
    );
    const entity = await getJson('/entities/component/default/nope');
    expect(entity.status).toBe(404);
    expect(errorOf(entity.body).message).toBe('No entity "component:default/nope" in the catalog');
  });

  it.skipIf(skip)(
    'answers the impact of a range with owners and contacts, and lists what is unknown',
    async () => {
      const { status, body } = await getJson(
        '/impact?entityRef=component:default/payments&range=<2.0.0',
      );
      expect(status).toBe(200);
      const impact = impactResponseSchema.parse(body);
      const contacts = [
        { entityRef: 'group:default/team-a', type: 'email', value: 'team-a@example.com' },
        {
          entityRef: 'group:default/team-a',
          type: 'chat',
          annotation: 'slack.com/channel',
          value: '#team-a',
        },
        { entityRef: 'user:default/alice', type: 'email', value: 'alice@example.com' },
      ];
      expect(impact.items.map(({ deployedAt: _at, ...item }) => item)).toEqual([
        {
          entityRef: 'component:default/payments',
          environment: 'qa',
          tier: 'testing',
          target: null,
          version: '1.1.0',
          owner: 'group:default/team-a',
          contacts,
        },
        {
          entityRef: 'component:default/payments',
          environment: 'production',
          tier: 'production',
          target: null,
          version: '1.1.0',
          owner: 'group:default/team-a',
          contacts,
        },
      ]);
      expect(impact.unknown).toEqual([
        {
          environment: 'development',
          target: null,
          version: null,
          reason: 'no succeeded deployment reported',
        },
      ]);
      const onlyProduction = impactResponseSchema.parse(
        (await getJson('/impact?entityRef=payments&range=1.x&environment=production')).body,
      );
      expect(onlyProduction.items.map(item => item.environment)).toEqual(['production']);
      const opaque = impactResponseSchema.parse(
        (await getJson('/impact?entityRef=billing&range=>=3.0.0&environment=development')).body,
      );
      expect(opaque).toEqual({
        items: [],
        unknown: [
          {
            environment: 'development',
            target: null,
            version: 'build-100',
            reason: 'the version is not semver',
          },
        ],
      });
      const unknownEnvironment = await getJson(
        '/impact?entityRef=payments&range=1.x&environment=moon',
      );
      expect(unknownEnvironment.status).toBe(400);
    },
  );

  it.skipIf(skip)(
    'answers the overview: environments in order, what each component runs, drift, filters',
    async () => {
      const { status, body } = await getJson('/overview');
      expect(status).toBe(200);
      const overview = overviewResponseSchema.parse(body);
      expect(overview.environments.map(environment => environment.name)).toEqual([
        'development',
        'qa',
        'staging',
        'production',
      ]);
      const summary = (response: typeof overview) =>
        response.components.map(component => ({
          entityRef: component.entityRef,
          owner: component.owner,
          drift: component.drift,
          places: component.places.map(
            place => `${place.environment}/${place.target ?? ''}=${place.current.version}`,
          ),
        }));
      expect(summary(overview)).toEqual([
        {
          entityRef: 'component:default/billing',
          owner: 'group:default/team-a',
          drift: ['production runs 3.0.0, development runs build-100'],
          places: [
            'development/=build-100',
            'production/eu-west-1=3.1.0',
            'production/us-east-1=3.0.0',
          ],
        },
        {
          entityRef: 'component:default/payments',
          owner: 'group:default/team-a',
          drift: ['production is 1 release behind staging'],
          places: ['qa/=1.1.0', 'staging/=v2.0.0', 'production/=1.1.0'],
        },
      ]);
      // The drift is the Versions tab's, word for word.
      expect(overview.components[1]!.drift).toEqual((await entityVersions('payments')).drift);

      const production = overviewResponseSchema.parse(
        (await getJson('/overview?tier=production&owner=group:default/team-a')).body,
      );
      expect(production.environments.map(environment => environment.name)).toEqual(['production']);
      expect(summary(production).map(component => component.places)).toEqual([
        ['production/eu-west-1=3.1.0', 'production/us-east-1=3.0.0'],
        ['production/=1.1.0'],
      ]);
      const otherOwner = overviewResponseSchema.parse(
        (await getJson('/overview?owner=group:default/team-b')).body,
      );
      expect(otherOwner.components).toEqual([]);
      const noSystem = overviewResponseSchema.parse(
        (await getJson('/overview?system=system:default/shop')).body,
      );
      expect(noSystem.components).toEqual([]);
      const badTier = await getJson('/overview?tier=live');
      expect(badTier.status).toBe(400);
      expect(errorOf(badTier.body).message).toMatch(/tier/);
    },
  );

  it.skipIf(skip)('adds releases reported through the API beside the tags', async () => {
    const response = await post('/releases', {
      entityRef: 'billing',
      version: '2026.12.07-1',
      commit: 'b'.repeat(40),
      date: hoursAgo(5),
    });
    expect(response.status).toBe(201);
    const billing = await entityVersions('billing');
    expect(billing.releases.map(release => [release.version, release.source])).toEqual([
      ['3.1.0', 'tag'],
      ['2026.12.07-1', 'reported'],
    ]);
  });

  it.skipIf(skip)(
    'keeps the last known releases of a repository that cannot be read, with a problem',
    async () => {
      const legacy = await doomedGit.createRepository('acme/legacy.git', {
        'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: legacy }
spec: { type: service, lifecycle: deprecated, owner: team-a }
`,
      });
      await legacy.tag('v0.9.0');
      await catalog!.registerLocation(legacy.cloneUrl, { dryRun: false });
      await catalog!.whenIdle();
      await eventually(async () => {
        await versions.syncNow();
        expect((await entityVersions('legacy')).releases.map(release => release.version)).toEqual([
          '0.9.0',
        ]);
      });
      await doomedGit.close();
      await versions.refreshAllTags();
      const view = await entityVersions('legacy');
      expect(view.releases.map(release => release.version)).toEqual(['0.9.0']);
      expect(view.releasesProblem).toMatch(
        /^Could not read the tags of http:\/\/127\.0\.0\.1:\d+\/acme\/legacy/,
      );
    },
  );

  it.skipIf(skip)(
    'keeps one current version under 200 concurrent posts for one component',
    async () => {
      const base = Date.now() - 3_600_000;
      const order = Array.from({ length: 200 }, (_, index) => index).sort(
        () => Math.random() - 0.5,
      );
      const responses = await Promise.all(
        order.map(index =>
          post('/deployments', {
            entityRef: 'component:default/billing',
            environment: 'staging',
            version: `4.0.${index}`,
            status: 'succeeded',
            finishedAt: new Date(base + index * 1000).toISOString(),
          }),
        ),
      );
      expect(responses.map(response => response.status)).toEqual(responses.map(() => 201));
      const staging = (await entityVersions('billing')).environments.find(
        environment => environment.name === 'staging',
      )!;
      expect(staging.targets).toHaveLength(1);
      expect([staging.current?.version, staging.previous?.version]).toEqual(['4.0.199', '4.0.198']);
      const { body } = await getJson(
        '/deployments?entityRef=billing&environment=staging&limit=500',
      );
      expect(deploymentsPageSchema.parse(body).items).toHaveLength(200);
    },
  );
});

describe('versions config', () => {
  it('is validated at start-up, naming the key', async () => {
    await expect(
      startTestServer({
        plugins: async (start, core) => {
          const catalog = await start(catalogPlugin, { kinds: core.kinds });
          await start(versionsPlugin, { catalog });
        },
        config: { versions: { environments: [{ name: 'prod', tier: 'live' }] } },
      }),
    ).rejects.toThrow(/versions\.environments\[0\]\.tier/);
  });

  it('refuses a static token that is too short at start-up, naming the key', async () => {
    await expect(
      startTestServer({
        plugins: async (start, core) => {
          const catalog = await start(catalogPlugin, { kinds: core.kinds });
          await start(versionsPlugin, { catalog });
        },
        config: {
          backend: {
            auth: {
              externalAccess: [
                { type: 'legacy', options: { secret: 'x' } },
                { type: 'static', options: { token: 'short', subject: 'ci' } },
              ],
            },
          },
        },
      }),
    ).rejects.toThrow(
      /backend\.auth\.externalAccess\[1\]\.options\.token: must be at least 8 characters/,
    );
  });
});
