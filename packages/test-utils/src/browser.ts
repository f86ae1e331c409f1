import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { skipReason } from './requirement';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go: a gitignored folder at the repository root, to look at by hand. */
export const screenshotDir = resolve(import.meta.dirname, '../../../test-results/screenshots');

/** Undefined when Chromium is installed; otherwise the reason to skip (throws under CI=true). */
export function chromiumSkipReason(): string | undefined {
  return skipReason(
    'Chromium',
    existsSync(chromiumPath)
      ? undefined
      : `${chromiumPath} does not exist (apt-get install -y chromium)`,
  );
}

export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  /** Saves a full-page PNG under test-results/screenshots and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless through playwright-core (nothing is downloaded). Flags keep
 * it off the network: this machine's closed network refuses Chromium's background connections.
 */
export async function openBrowser(
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<TestBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'callboard-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  return {
    context,
    newPage: () => context.newPage(),
    async screenshot(page, name) {
      mkdirSync(screenshotDir, { recursive: true });
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
