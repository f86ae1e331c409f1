import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumSkipReason,
  eventually,
  openBrowser,
  repositoryRoot,
  startTestServer,
  type TestBrowser,
  type TestServer,
} from '@callboard/test-utils';
import type { Page } from 'playwright-core';

/** The built app; `npm test` builds it before running vitest. */
const distDir = resolve(repositoryRoot, 'packages/app/dist');
/** Copies of the screenshots, to look at by hand. */
const shotsDir = '/tmp/search-shots';

const entities = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments, title: Payments, description: Takes card payments <img src=x onerror=alert(1)> }
spec: { type: service, lifecycle: production, owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ledger, description: Records payments made through the payments service }
spec: { type: service, lifecycle: experimental, owner: team-b }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: payments-api, description: The payments HTTP API }
spec: { type: openapi, lifecycle: production, owner: team-a, definition: "openapi: 3.0.0" }
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: payment-service, title: Payment service, description: Creates a payments service }
spec:
  type: service
  owner: team-a
  parameters:
    - title: Service details
      properties: { repoName: { title: Repository name, type: string } }
  steps: []
`;

/** 25 buckets, 20 of them in production: two pages of the production filter. */
const buckets = Array.from(
  { length: 25 },
  (_, index) => `---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: bucket-${String(index).padStart(2, '0')}, description: A storage bucket }
spec: { type: s3, owner: team-c, lifecycle: ${index < 22 ? 'production' : 'experimental'} }
`,
).join('');

describe.skipIf(chromiumSkipReason())('search in Chromium', () => {
  let dir: string;
  let server: TestServer;
  let browser: TestBrowser;
  const consoleErrors: string[] = [];

  async function open(path: string, viewport?: { width: number; height: number }) {
    const page = await browser.newPage();
    if (viewport) await page.setViewportSize(viewport);
    page.on('console', message => {
      // Refusals are the CSP check's business; failed requests are the error states under test.
      const expected = /Content Security Policy|Failed to load resource/i;
      if (message.type() === 'error' && !expected.test(message.text())) {
        consoleErrors.push(message.text());
      }
    });
    page.on('pageerror', error => consoleErrors.push(error.message));
    await page.goto(`${server.url}${path}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    return page;
  }

  async function shoot(page: Page, name: string) {
    const path = await browser.screenshot(page, name);
    mkdirSync(shotsDir, { recursive: true });
    copyFileSync(path, join(shotsDir, `${name}.png`));
  }

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error(`${distDir} has no index.html: run "npm run build" first`);
    }
    dir = mkdtempSync(join(tmpdir(), 'search-browser-'));
    writeFileSync(join(dir, 'entities.yaml'), entities + buckets);
    server = await startTestServer({
      appDistDir: distDir,
      config: {
        catalog: {
          locations: [{ type: 'file', target: join(dir, 'entities.yaml') }],
          processingInterval: { minutes: 30 },
        },
      },
    });
    await eventually(
      async () => {
        const response = await server.fetch('/api/search/query?term=&pageLimit=100');
        const body = (await response.json()) as { numberOfResults: number };
        // 29 entities, the file's Location entity and the template's own document.
        expect(body.numberOfResults).toBe(31);
      },
      { timeoutMs: 30_000 },
    );
    browser = await openBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows grouped live results in the header box and opens one from the keyboard', async () => {
    const page = await open('/');
    // `/` focuses the box from anywhere on the page.
    await page.keyboard.press('/');
    const box = page.getByRole('combobox', { name: 'Search' });
    await expect(box.evaluate(element => element === document.activeElement)).resolves.toBe(true);
    await page.keyboard.type('paym');
    const listbox = page.getByRole('listbox', { name: 'Search results' });
    const entities = listbox.getByRole('group', { name: 'Entities' });
    await entities.getByRole('option', { name: /ledger/ }).waitFor();
    await expect(entities.getByRole('option').allTextContents()).resolves.toEqual([
      'APIpayments-apiteam-a',
      'ComponentPaymentsteam-a',
      'Componentledgerteam-b',
    ]);
    await expect(
      listbox.getByRole('group', { name: 'Templates' }).getByRole('option').allTextContents(),
    ).resolves.toEqual(['Payment serviceteam-a']);
    // The match is marked as an element, from text.
    await expect(listbox.locator('mark').first().textContent()).resolves.toBe('payments');
    await shoot(page, 'search-header-box');

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(listbox.getByRole('option', { selected: true }).textContent()).resolves.toBe(
      'ComponentPaymentsteam-a',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/catalog/default/component/payments`);
    // The app moves the focus to a page's content once it loads; wait for that before typing.
    await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();

    // Ctrl-K focuses it too; Enter without a choice opens the best result, Escape closes.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('ledger');
    // The previous term's results stay until this one's arrive (Enter before that opens the page).
    await eventually(async () => {
      await expect(listbox.getByRole('option').allTextContents()).resolves.toEqual([
        'Componentledgerteam-b',
        'See all results',
      ]);
    });
    await page.keyboard.press('Escape');
    await expect(box.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(box.inputValue()).resolves.toBe('ledger');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/catalog/default/component/ledger`);
    await page.close();
  });

  it('opens "See all results" on the search page', async () => {
    const page = await open('/catalog');
    const box = page.getByRole('combobox', { name: 'Search' });
    await box.fill('bucket');
    await page.getByRole('option', { name: /bucket-00/ }).waitFor();
    await page.getByRole('option', { name: 'See all results' }).click();
    await page.waitForURL(`${server.url}/search?query=bucket`);
    await page.getByText('Results 1–20 of 25 for “bucket”').waitFor();
    await page.close();
  });

  it('filters, pages and keeps it all in the URL on the search page', async () => {
    const page = await open('/search?query=bucket');
    await page.getByText('Results 1–20 of 25 for “bucket”').waitFor();
    await page.getByRole('group', { name: 'Lifecycle' }).getByText('production').click();
    await page.waitForURL(/\/search\?query=bucket&lifecycle=production$/);
    await page.getByText('Results 1–20 of 22 for “bucket”').waitFor();
    const firstPage = await page
      .getByRole('list', { name: 'Results' })
      .getByRole('link')
      .allTextContents();
    expect(firstPage).toHaveLength(20);
    await expect(
      page.getByRole('list', { name: 'Results' }).locator('mark').first().textContent(),
    ).resolves.toBe('bucket');
    await shoot(page, 'search-page');

    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/&cursor=/);
    await page.getByText('Results 21–22 of 22 for “bucket”').waitFor();
    const secondPage = await page
      .getByRole('list', { name: 'Results' })
      .getByRole('link')
      .allTextContents();
    expect(secondPage).toHaveLength(2);
    // Every production bucket once, on one page or the other.
    expect(new Set([...firstPage, ...secondPage]).size).toBe(22);
    await expect(page.getByRole('button', { name: 'Next' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByText('Results 1–20 of 22 for “bucket”').waitFor();

    // A filter that leaves nothing: the empty state offers to remove it.
    await page.getByRole('group', { name: 'Kind' }).getByText('API').click();
    await page
      .getByText('Nothing matches “bucket” with these filters.', { exact: false })
      .waitFor();
    await shoot(page, 'search-page-empty');
    await page.getByRole('button', { name: 'Remove filter Kind: API' }).click();
    await page.waitForURL(/\/search\?query=bucket&lifecycle=production$/);
    await page.getByText('Results 1–20 of 22 for “bucket”').waitFor();
    await page.close();
  });

  it("shows the server's message when the search fails", async () => {
    const page = await browser.newPage();
    await page.route('**/api/search/query?**', route =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { name: 'Error', message: 'The search index is rebuilding' },
          response: { statusCode: 500 },
        }),
      }),
    );
    await page.goto(`${server.url}/search?query=payments`);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not search' });
    await alert.getByText('The search index is rebuilding').waitFor();
    await alert.getByText('The server answered with HTTP 500.').waitFor();
    await shoot(page, 'search-page-error');
    await page.close();
  });

  it('reads well on a phone and in the dark', async () => {
    const phone = await open('/search?query=payments', { width: 390, height: 844 });
    await phone.getByText(/^Results 1–/).waitFor();
    // The description's markup is shown as text and never becomes an element.
    await phone.getByText(/^Takes card payments/).waitFor();
    await expect(phone.locator('img[src="x"]').count()).resolves.toBe(0);
    await shoot(phone, 'search-page-390');
    await phone.getByRole('combobox', { name: 'Search' }).fill('paym');
    await phone.getByRole('option', { name: /ledger/ }).waitFor();
    await shoot(phone, 'search-header-box-390');
    await phone.close();

    const page = await open('/search?query=payments');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.getByText(/^Results 1–/).waitFor();
    await page.getByRole('combobox', { name: 'Search' }).fill('paym');
    await page.getByRole('option', { name: /ledger/ }).waitFor();
    await shoot(page, 'search-page-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.close();
    expect(consoleErrors).toEqual([]);
  });
});
