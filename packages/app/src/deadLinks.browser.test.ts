import { existsSync } from 'node:fs';
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
const distDir = resolve(import.meta.dirname, '../dist');

/** What a fresh install registers (app-config.yaml): Callboard itself, the examples, templates. */
const exampleLocations = [
  'catalog-info.yaml',
  'examples/catalog/all.yaml',
  'examples/templates/typescript-service/template.yaml',
  'examples/templates/docs-site/template.yaml',
].map(path => ({ type: 'file', target: join(repositoryRoot, path) }));

/** Where the crawl starts: the pages a new user opens first. */
const startPaths = ['/', '/catalog', '/catalog-problems', '/catalog-import', '/create', '/about'];

/** Far more pages than the example catalog has (entities × tabs); a runaway crawl stops here. */
const maxPages = 400;

/** Headings of the pages that say a link led nowhere. */
const deadEnds = /^(Page not found|Entity not found|Not in the catalog|No such tab)$/;

interface Found {
  href: string;
  /** The page the link was on, for the failure message. */
  on: string;
}

/**
 * Follows every link the portal draws, from the home page through the catalog to every entity
 * page of the example catalog and each of its tabs: none may lead to "Page not found", "Entity
 * not found", "No such tab" or an error answer of the API. Links to other sites are only checked
 * for being well-formed (the machine may have no internet).
 */
describe.skipIf(chromiumSkipReason())('links on the example catalog’s pages', () => {
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error(`${distDir} has no index.html: run "npm run build" first`);
    }
    server = await startTestServer({
      appDistDir: distDir,
      config: { catalog: { locations: exampleLocations } },
    });
    await eventually(async () => {
      const status = (await (await server.fetch('/api/catalog/status')).json()) as {
        entities: number;
        queue: { due: number; stitching: number };
      };
      expect(status.entities).toBeGreaterThan(30);
      expect(status.queue).toMatchObject({ due: 0, stitching: 0 });
    });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The links of a rendered page, once it has stopped loading what it shows. */
  async function linksOf(page: Page): Promise<string[]> {
    await page.waitForLoadState('networkidle');
    return page
      .locator('a[href]')
      .evaluateAll(anchors => anchors.map(anchor => (anchor as HTMLAnchorElement).href));
  }

  it(
    'has no dead internal link, and every external link is well-formed',
    async () => {
      const origin = new URL(server.url).origin;
      // Every entity page too: the catalog's first page does not link to all of them.
      const entities = (await (
        await server.fetch('/api/catalog/entities?fields=kind,metadata.namespace,metadata.name')
      ).json()) as Array<{ kind: string; metadata: { namespace?: string; name: string } }>;
      const entityPaths = entities.map(
        entity =>
          `/catalog/${encodeURIComponent(entity.metadata.namespace ?? 'default')}/${encodeURIComponent(entity.kind.toLocaleLowerCase('en-US'))}/${encodeURIComponent(entity.metadata.name)}`,
      );
      const queue: Found[] = [...startPaths, ...entityPaths].map(path => ({
        href: `${origin}${path}`,
        on: '(start)',
      }));
      const visited = new Set<string>();
      const dead: string[] = [];
      const external = new Set<string>();
      const page = await browser.newPage();

      while (queue.length > 0) {
        const { href, on } = queue.shift()!;
        const url = new URL(href);
        if (url.origin !== origin) {
          const wellFormed =
            url.protocol === 'mailto:'
              ? /^[^@\s]+@[^@\s]+$/.test(decodeURIComponent(url.pathname))
              : (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
          if (!wellFormed) dead.push(`${href} (on ${on}): not a web or mail address`);
          // A link to this machine but not to this portal pins a port (or host) it may not be on.
          if (/^(localhost|127(\.\d+){3}|\[::1\])$/.test(url.hostname)) {
            dead.push(`${href} (on ${on}): a local address the portal is not served at`);
          }
          external.add(href);
          continue;
        }
        // The catalog's filters and the graph's settings are query strings of one page each.
        const key = url.pathname.startsWith('/catalog-problems')
          ? `${url.pathname}${url.search}`
          : url.pathname;
        if (visited.has(key)) continue;
        visited.add(key);
        if (visited.size > maxPages)
          throw new Error(`More than ${maxPages} pages: a runaway crawl`);

        if (url.pathname.startsWith('/api/')) {
          // Served by the backend itself (a file of a published repository, an API document).
          const response = await fetch(href, { headers: { accept: 'text/html,*/*;q=0.8' } });
          if (!response.ok) dead.push(`${href} (on ${on}): HTTP ${response.status}`);
          continue;
        }

        const response = await page.goto(href);
        if (!response?.ok()) {
          dead.push(`${href} (on ${on}): HTTP ${response?.status()}`);
          continue;
        }
        const links = await linksOf(page);
        const headings = await page.getByRole('heading').allTextContents();
        const deadEnd = headings.find(heading => deadEnds.test(heading.trim()));
        if (deadEnd) {
          dead.push(`${href} (on ${on}): "${deadEnd}"`);
          continue;
        }
        for (const link of links) queue.push({ href: link, on: url.pathname });
      }
      await page.close();

      expect(dead).toEqual([]);
      // More than the start: the tabs of the entity pages, the template pages, what they link to.
      expect(visited.size).toBeGreaterThan(startPaths.length + entityPaths.length);
      expect(external.size).toBeGreaterThan(0);
      // A hundred-odd pages, each loaded until its network is quiet.
    },
    15 * 60_000,
  );
});
