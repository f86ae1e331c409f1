import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumSkipReason,
  eventually,
  openBrowser,
  startTestServer,
  type TestBrowser,
  type TestServer,
} from '@callboard/test-utils';

/** The built app; `npm test` builds it before running vitest. */
const distDir = resolve(import.meta.dirname, '../dist');

describe.skipIf(chromiumSkipReason())('the app in Chromium, served by the real backend', () => {
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error(`${distDir} has no index.html: run "npm run build" first`);
    }
    server = await startTestServer({ appDistDir: distDir });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the shell and the home page with the plugins' widgets", async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Home');
    // The catalog is empty here; its widget says so.
    await page.getByRole('region', { name: 'Catalog' }).getByText('The catalog is empty').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual([
      'Home',
      'Catalog',
      'Docs',
      'Register',
      'Versions',
      'Create',
      'About',
    ]);
    await expect(
      nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current'),
    ).resolves.toBe('page');
    await browser.screenshot(page, 'app-home');
    await page.close();
  });

  it('runs under a Content-Security-Policy that refuses injected scripts and handlers', async () => {
    const page = await browser.newPage();
    const response = await page.goto(server.url);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self' 'unsafe-eval'");
    expect(policy).toContain("script-src-attr 'none'");
    expect(policy).toContain("object-src 'none'");
    await page.getByRole('heading', { level: 1 }).waitFor();
    // What a sanitizer might let through, put straight into the page: none of it runs.
    const ran = await page.evaluate(async () => {
      const flags = window as unknown as Record<string, boolean>;
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      const image = document.createElement('img');
      image.setAttribute('onerror', 'window.handlerRan = true');
      // Registered after the attribute's handler, so it runs after that one would have.
      const failed = new Promise(resolve => image.addEventListener('error', resolve));
      image.src = 'data:image/png;base64,broken';
      document.body.append(image);
      await failed;
      return { inline: flags.inlineRan === true, handler: flags.handlerRan === true };
    });
    expect(ran).toEqual({ inline: false, handler: false });
    // Both refusals were reported; they are this test's own, so they do not fail the file.
    await eventually(() => {
      expect(browser.cspViolations.join('\n')).toMatch(/inline script/);
      expect(browser.cspViolations.join('\n')).toMatch(/inline event handler/);
    });
    expect(browser.takeCspViolations(/inline script/)).not.toEqual([]);
    expect(browser.takeCspViolations(/inline event handler/)).not.toEqual([]);
    await page.close();
  });

  it('shows the about page from the real API', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/about`);
    await page.getByRole('heading', { name: 'Installed plugins' }).waitFor();
    expect(await page.title()).toBe('About · Callboard');
    const product = page.getByRole('region', { name: 'Product' });
    await expect(product.textContent()).resolves.toContain('Callboard');
    const database = page.getByRole('region', { name: 'Database' });
    await expect(database.textContent()).resolves.toMatch(/PGlite|PostgreSQL/);
    const plugins = page.getByRole('region', { name: 'Installed plugins' });
    await expect(plugins.getByRole('listitem').allTextContents()).resolves.toContain('about');
    await expect(
      page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'About' })
        .getAttribute('aria-current'),
    ).resolves.toBe('page');
    await browser.screenshot(page, 'app-about');
    await page.close();
  });

  it('answers an unknown path with a 404 page that leads home', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/no/such/page`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Page not found',
    );
    await expect(page.getByRole('main').textContent()).resolves.toContain('/no/such/page');
    await browser.screenshot(page, 'app-not-found');
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.close();
  });

  it('searches on Enter and skips to the content from the keyboard', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    // The app renders after its script runs; keys pressed before that reach an empty page.
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      'Skip to content',
    );
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main-content');
    // The search plugin fills the header box: with no result to open, Enter opens the search page.
    await page.getByRole('combobox', { name: 'Search' }).fill('payments api');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?query=payments%20api$/);
    await page.getByText('Nothing matches “payments api”.', { exact: false }).waitFor();
    await page.close();
  });

  it('switches to the dark theme and remembers it', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const html = page.locator('html');
    await expect(html.getAttribute('data-mantine-color-scheme')).resolves.toBe('light');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(html.getAttribute('data-mantine-color-scheme')).resolves.toBe('dark');
    await page.reload();
    await expect(html.getAttribute('data-mantine-color-scheme')).resolves.toBe('dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    await browser.screenshot(page, 'app-home-dark');
    await page.close();
  });

  it("names the portal after Backstage's app.title, in the header and every page title", async () => {
    const title = 'Acme <Portal> & Co';
    const titled = await startTestServer({ appDistDir: distDir, config: { app: { title } } });
    try {
      const page = await browser.newPage();
      await page.goto(titled.url);
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      await expect(page.title()).resolves.toBe(`Home · ${title}`);
      const home = page.getByRole('link', { name: `${title} home` });
      await expect(home.innerText()).resolves.toBe(title);
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'About' })
        .click();
      await page.getByRole('heading', { name: 'Installed plugins' }).waitFor();
      await expect(page.title()).resolves.toBe(`About · ${title}`);
      // A title is text: the markup in it is shown, not parsed.
      await expect(page.locator('header portal').count()).resolves.toBe(0);
      await browser.screenshot(page, 'app-titled');
      await page.close();
    } finally {
      await titled.close();
    }
  });
});
