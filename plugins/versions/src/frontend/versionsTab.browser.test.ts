import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumSkipReason,
  eventually,
  openBrowser,
  repositoryRoot,
  startStaticServer,
  startTestServer,
  type TestBrowser,
  type TestServer,
  type TestStaticServer,
} from '@callboard/test-utils';

/** The built app; `npm test` builds it before running vitest. */
const distDir = resolve(repositoryRoot, 'packages/app/dist');
const token = 'browser-test-token-0123';

const catalogYaml = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments, title: Payments }
spec: { type: service, lifecycle: production, owner: team-a }
`;

describe.skipIf(chromiumSkipReason())('the Versions tab in Chromium', () => {
  let files: TestStaticServer;
  let server: TestServer;
  let browser: TestBrowser;

  const deploy = async (body: Record<string, unknown>) => {
    const response = await server.fetch('/api/versions/deployments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ entityRef: 'component:default/payments', ...body }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
  };

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error(`${distDir} has no index.html: run "npm run build" first`);
    }
    files = await startStaticServer({ '/catalog.yaml': catalogYaml });
    server = await startTestServer({
      appDistDir: distDir,
      config: {
        backend: {
          reading: { allow: [{ host: files.host }] },
          auth: { externalAccess: [{ type: 'static', options: { token, subject: 'ci' } }] },
        },
        catalog: {
          locations: [{ type: 'url', target: `${files.url}/catalog.yaml` }],
          processingInterval: { minutes: 30 },
        },
        versions: {
          environments: [
            { name: 'staging', tier: 'staging' },
            { name: 'production', tier: 'production' },
          ],
        },
      },
    });
    await eventually(async () => {
      const response = await server.fetch('/api/versions/entities/component/default/payments');
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    });
    await deploy({
      environment: 'production',
      version: '1.0.0',
      status: 'succeeded',
      finishedAt: new Date(Date.now() - 7_200_000).toISOString(),
    });
    await deploy({
      environment: 'production',
      version: '1.1.0',
      status: 'succeeded',
      url: 'https://ci.example.com/runs/7',
    });
    await deploy({ environment: 'staging', version: '1.2.0', status: 'succeeded' });
    await server.fetch('/api/versions/releases', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ entityRef: 'payments', version: '1.2.0' }),
    });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await files?.close();
  });

  it('shows what runs where, the drift and the releases', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/catalog/default/component/payments`);
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.waitForURL(/\/payments\/versions$/);
    await page.getByRole('heading', { name: 'Environments' }).waitFor();
    await expect(page.getByText('Releases may be out of date').count()).resolves.toBe(0);
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows[0]).toMatch(/^stagingstaging—1\.2\.0succeeded/);
    expect(rows[1]).toMatch(/^productionproduction—1\.1\.0succeededrun.*1\.0\.0$/);
    expect(rows[2]).toBe('1.2.0—staging');
    await expect(page.getByText('production is 1 release behind staging').count()).resolves.toBe(1);
    await browser.screenshot(page, 'versions-tab');
  });
});
