import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

const components = (names: string[], lifecycle = 'production') =>
  names
    .map(
      name =>
        `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: ${lifecycle}\n  owner: team-a\n`,
    )
    .join('---\n');

/**
 * Totals and facet counts are remembered between requests; a change to the served entities must
 * show in both as soon as it commits (NOTIFY from a trigger), not after the cache ages out.
 */
describe.each(testEngines)('remembered totals and facets on %s', engine => {
  const skip = engineSkipReason(engine);
  const dir = mkdtempSync(join(tmpdir(), 'callboard-count-cache-'));
  const file = join(dir, 'catalog-info.yaml');
  let server: TestServer;

  beforeAll(async () => {
    if (skip) return;
    writeFileSync(file, components(['a', 'b', 'c']));
    server = await startTestServer({
      engine,
      config: { catalog: { locations: [{ type: 'file', target: file }] } },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const total = async () => {
    const response = await server.fetch(
      '/api/catalog/entities/by-query?filter=kind=component,spec.lifecycle=production&limit=1',
    );
    return ((await response.json()) as { totalItems: number }).totalItems;
  };
  const lifecycles = async () => {
    const response = await server.fetch(
      '/api/catalog/entity-facets?facet=spec.lifecycle&filter=kind=component',
    );
    return ((await response.json()) as { facets: Record<string, unknown> }).facets[
      'spec.lifecycle'
    ];
  };
  const refresh = () =>
    server.fetch('/api/catalog/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entityRef: 'component:default/a' }),
    });

  it.skipIf(skip)('shows added, changed and removed entities at once', async () => {
    await eventually(async () => expect(await total()).toBe(3), { timeoutMs: 30_000 });
    expect(await total()).toBe(3);
    expect(await lifecycles()).toEqual([{ value: 'production', count: 3 }]);

    writeFileSync(
      file,
      components(['a', 'b', 'c', 'd']) + '---\n' + components(['e'], 'experimental'),
    );
    await refresh();
    await eventually(async () => expect(await total()).toBe(4), { timeoutMs: 15_000 });
    await eventually(async () =>
      expect(await lifecycles()).toEqual([
        { value: 'experimental', count: 1 },
        { value: 'production', count: 4 },
      ]),
    );

    writeFileSync(file, components(['a']));
    await refresh();
    await eventually(async () => expect(await total()).toBe(1), { timeoutMs: 15_000 });
    await eventually(async () =>
      expect(await lifecycles()).toEqual([{ value: 'production', count: 1 }]),
    );
  });
});
