import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginList } from '@callboard/plugin-api/backend';
import { catalogPlugin } from '@callboard/plugin-catalog/backend';
import {
  engineSkipReason,
  eventually,
  startStaticServer,
  startTestServer,
  testEngines,
  type TestServer,
  type TestStaticServer,
} from '@callboard/test-utils';
import { deploymentsPageSchema, entityVersionsSchema, overviewResponseSchema } from '../common';
import { versionsPlugin } from './versionsPlugin';

/** Two of the example organisation's components, and one of someone else's. */
const catalogYaml = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments-service }
spec: { type: service, lifecycle: production, owner: payments-team }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: notification-worker }
spec: { type: service, lifecycle: production, owner: payments-team }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: our-own-service }
spec: { type: service, lifecycle: production, owner: payments-team }
`;

const plugins: PluginList = async (start, core) => {
  const catalog = await start(catalogPlugin, { kinds: core.kinds });
  await start(versionsPlugin, { catalog });
};

describe.each(testEngines)('the example history on %s', engine => {
  const skip = engineSkipReason(engine);
  let files: TestStaticServer;
  const servers: TestServer[] = [];
  const start = async (examples: boolean | undefined) => {
    const server = await startTestServer({
      engine,
      plugins,
      config: {
        backend: { reading: { allow: [{ host: files.host }] } },
        catalog: {
          locations: [{ type: 'url', target: `${files.url}/catalog.yaml` }],
          processingInterval: { minutes: 30 },
        },
        versions: {
          environments: [
            { name: 'development', tier: 'development' },
            { name: 'production', tier: 'production' },
          ],
          ...(examples === undefined ? {} : { examples }),
        },
      },
    });
    servers.push(server);
    return server;
  };
  const getJson = async (server: TestServer, path: string) =>
    (await (await server.fetch(`/api/versions${path}`)).json()) as unknown;

  beforeAll(async () => {
    if (skip) return;
    files = await startStaticServer({ '/catalog.yaml': catalogYaml });
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await files?.close();
  });

  it.skipIf(skip)(
    'seeds the example components only, in configured environments, with the flag on',
    async () => {
      const server = await start(true);
      // Seeding runs as the catalog brings the entities: wait for the whole of it.
      await eventually(async () => {
        const overview = overviewResponseSchema.parse(await getJson(server, '/overview'));
        expect(
          overview.components.map(component => [
            component.entityRef,
            component.places.map(place => `${place.environment}=${place.current.version}`),
          ]),
        ).toEqual([
          ['component:default/notification-worker', ['development=build-412']],
          ['component:default/payments-service', ['development=1.4.0', 'production=1.3.0']],
        ]);
      });
      const payments = entityVersionsSchema.parse(
        await getJson(server, '/entities/component/default/payments-service'),
      );
      expect(payments.releases.map(release => release.version)).toEqual([
        '1.4.0',
        '1.3.0',
        '1.2.0',
      ]);
      // Staging is not configured here: its example deployments are left out, not refused.
      const history = deploymentsPageSchema.parse(await getJson(server, '/deployments?limit=50'));
      expect(history.items.map(item => item.environment).sort()).toEqual([
        'development',
        'development',
        'production',
        'production',
      ]);
      expect(new Set(history.items.map(item => item.reportedBy))).toEqual(new Set(['examples']));
    },
    60_000,
  );

  it.skipIf(skip)(
    'seeds nothing by default',
    async () => {
      const server = await start(undefined);
      await eventually(async () => {
        const response = await server.fetch(
          '/api/versions/entities/component/default/payments-service',
        );
        expect(response.status).toBe(200);
      });
      expect(overviewResponseSchema.parse(await getJson(server, '/overview')).components).toEqual(
        [],
      );
      expect(deploymentsPageSchema.parse(await getJson(server, '/deployments')).items).toEqual([]);
    },
    60_000,
  );
});
