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
  /** Content-Security-Policy violations any page reported so far ("where: what was refused"). */
  cspViolations: string[];
  /**
   * Removes and returns the violations matching `pattern`: a test that feeds the page hostile
   * markup on purpose takes the refusals it caused (and can assert them), so only the
   * unexpected ones fail the file.
   */
  takeCspViolations(pattern: RegExp): string[];
  /** Saves a full-page PNG under test-results/screenshots and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Closes Chromium; throws if any page broke the Content-Security-Policy. */
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
  // Every browser test doubles as a check of the portal's Content-Security-Policy: a feature the
  // policy breaks (a script, style, image or worker it refuses) fails the file that used it.
  const cspViolations: string[] = [];
  context.on('console', message => {
    if (/Content Security Policy/i.test(message.text())) {
      cspViolations.push(`${message.location().url}: ${message.text()}`);
    }
  });
  return {
    context,
    cspViolations,
    takeCspViolations(pattern) {
      const taken = cspViolations.filter(violation => pattern.test(violation));
      const kept = cspViolations.filter(violation => !pattern.test(violation));
      cspViolations.splice(0, cspViolations.length, ...kept);
      return taken;
    },
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
      if (cspViolations.length > 0) {
        throw new Error(`The Content-Security-Policy refused:\n${cspViolations.join('\n')}`);
      }
    },
  };
}
