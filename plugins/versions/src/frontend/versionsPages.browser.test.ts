import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
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
/** Screenshots to look at by hand. */
const shotsDir = '/tmp/versions-shots';

const catalogYaml = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, profile: { email: team-a@example.com }, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments, title: Payments }
spec: { type: service, lifecycle: production, owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: search }
spec: { type: service, lifecycle: production, owner: team-a }
`;

describe.skipIf(chromiumSkipReason())('the /versions pages in Chromium', () => {
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
  const shoot = async (page: Page, name: string) => {
    mkdirSync(shotsDir, { recursive: true });
    await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
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
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await files?.close();
  });

  it('shows an empty overview before anything is deployed', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/versions`);
    await page.getByText('No deployment reported here yet').waitFor();
    await page.getByText('No deployment reported yet.').waitFor();
    await shoot(page, 'overview-empty');
    await page.close();
  });

  it('shows environments and versions, and a new deployment in the feed without a reload', async () => {
    await deploy({
      environment: 'production',
      version: '2.3.0',
      status: 'succeeded',
      finishedAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    await deploy({ environment: 'staging', version: '2.4.0', status: 'succeeded' });
    const page = await browser.newPage();
    await page.goto(`${server.url}/versions`);
    await page.getByRole('link', { name: 'Versions' }).first().waitFor();
    const matrix = page.locator('table').first();
    await matrix.locator('tbody tr').first().waitFor();
    expect(await matrix.locator('thead th').allTextContents()).toEqual([
      'Component',
      'stagingstaging',
      'productionproduction',
    ]);
    expect(await matrix.locator('tbody tr').allTextContents()).toEqual([
      'Paymentsteam-a2.4.02.3.0',
    ]);
    const feed = page.getByRole('table', { name: 'Latest deployments' });
    await expect(feed.locator('tbody tr').count()).resolves.toBe(2);
    await shoot(page, 'overview-desktop');

    // CI reports a deployment; the open page shows it without a reload.
    const url = page.url();
    await deploy({ environment: 'production', version: '2.4.0', status: 'in_progress' });
    await feed.locator('tbody tr').nth(2).waitFor({ timeout: 15_000 });
    expect(await feed.locator('tbody tr').first().textContent()).toMatch(
      /paymentsproduction2\.4\.0in progress$/,
    );
    await expect(page.getByText(/^Updated /).count()).resolves.toBe(1);
    expect(page.url()).toBe(url);

    // A phone: loaded at that width, so the navbar is not caught mid-animation.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await matrix.locator('tbody tr').first().waitFor();
    await shoot(page, 'overview-390');
    await page.close();

    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      const darkPage = await dark.newPage();
      await darkPage.goto(`${server.url}/versions`);
      await darkPage.locator('table tbody tr').first().waitFor();
      await shoot(darkPage, 'overview-dark');
    } finally {
      await dark.close();
    }
  });

  it('lists the affected environment with its owner for a range, and downloads a CSV', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/versions/impact`);
    await page.getByText('Name a component and a semver range').waitFor();
    await shoot(page, 'impact-empty');
    await page.getByRole('combobox', { name: 'Component' }).fill('payments');
    await page.getByRole('option', { name: 'component:default/payments' }).click();
    await page.getByRole('textbox', { name: 'Version range' }).fill('<2.3.1');
    await page.getByRole('button', { name: 'Show impact' }).click();
    const table = page.getByRole('table', { name: 'Affected environments' });
    await table.waitFor();
    // The question is in the URL: the page can be shared as a link.
    expect(new URL(page.url()).searchParams.get('range')).toBe('<2.3.1');
    expect(new URL(page.url()).searchParams.get('entity')).toBe('component:default/payments');
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^productionproduction—2\.3\.0.*team-ateam-a@example\.com$/);
    // Staging runs 2.4.0: neither affected nor unknown.
    await expect(page.getByText(/^staging/).count()).resolves.toBe(0);
    await shoot(page, 'impact-desktop');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('impact-component-payments-lt2.3.1.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')).toEqual([
      '"entityRef","environment","tier","target","version","deployedAt","owner","contacts"',
      expect.stringMatching(
        /^"component:default\/payments","production","production","","2\.3\.0","[^"]+","group:default\/team-a","team-a@example\.com"$/,
      ),
      '',
    ]);

    // The question is in the URL: a reload (here at a phone's width) answers it again.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await table.waitFor();
    await shoot(page, 'impact-390');
    await page.close();
  });

  it("shows the server's message for a bad range", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/versions/impact?entity=component:default/payments&range=banana`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('range "banana" is not a semver range');
    expect(await alert.textContent()).toContain('HTTP 400');
    await shoot(page, 'impact-error');
    await page.close();
  });
});
