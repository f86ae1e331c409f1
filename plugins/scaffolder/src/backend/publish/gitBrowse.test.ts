import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import express, { type Router } from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '@callboard/plugin-api/backend';
import { chromiumSkipReason, openBrowser } from '@callboard/test-utils';
import { createGitRepositoryRouter } from './gitRepositoryRouter';
import { createPublishTargets } from './createPublishTargets';
import { createPublishGitAction } from '../actions/publish/publishGitAction';
import { runAction, writeFiles } from './test/publishTestKit';

const skeleton = {
  'README.md': '# payments-api <script>alert(1)</script>\n',
  'catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\n',
  'src/index.ts': 'export const port = 8080;\n',
  'src/<img src=x onerror=alert(1)> & name.txt': 'x\n',
  'docs/guide/intro.md': '# Intro\n',
};

/** What Chromium sends for a page: HTML first. */
const browser = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8',
};

/** The hrefs of a page's links, in order. */
const links = (html: string) => [...html.matchAll(/<a href="([^"]*)"/g)].map(match => match[1]);

/**
 * The links the portal generates for a published repository (the component's "Source" at
 * `…/tree/main/`, "View file" at `…/blob/main/catalog-info.yaml`) open pages a person can read:
 * folders list their files, files show their text, everything from the repository escaped.
 * Tools (`git`, `curl`, `fetch`) keep getting the raw file.
 */
describe('browsing a repository of the built-in git server', () => {
  let root: string;
  let server: Server;
  let baseUrl: string;
  let repository: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'callboard-git-browse-'));
    const workspace = join(root, 'workspace');
    await mkdir(join(root, 'config'), { recursive: true });
    await writeFiles(workspace, skeleton);
    // The router needs the base URL, which needs the port: mount it once listening.
    const mounted: { router?: Router } = {};
    const app = express();
    app.use('/api/scaffolder/git', (req, res, next) =>
      mounted.router ? mounted.router(req, res, next) : next(),
    );
    const logger = pino({ level: 'silent' });
    app.use(errorHandler({ logger }));
    server = await new Promise<Server>(done => {
      const listening = app.listen(0, '127.0.0.1', () => done(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const targets = createPublishTargets({
      targets: [
        {
          type: 'folder',
          host: 'local',
          title: 'This Callboard',
          directory: '.callboard/repositories',
          allowedOwners: ['acme'],
        },
      ],
      resolvePath: path => resolve(root, 'config', path),
      baseUrl: `${baseUrl}/`,
      integrations: undefined,
    });
    mounted.router = createGitRepositoryRouter({ targets, logger });
    const action = createPublishGitAction({
      targets,
      defaultAuthor: { name: 'Callboard', email: 'scaffolder@callboard.invalid' },
      defaultCommitMessage: 'Initial commit',
    });
    await runAction(
      action,
      { repoUrl: 'local?owner=acme&repo=payments-api' },
      { workspacePath: workspace, tempRoot: root },
    );
    repository = '/api/scaffolder/git/acme/payments-api.git';
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise(done => server?.close(done));
    await rm(root, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = browser) =>
    fetch(`${baseUrl}${path}`, { headers, redirect: 'manual' });

  it('lists a folder, the root of "Source" included, with links to what it holds', async () => {
    const response = await get(`${repository}/tree/main/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; /,
    );
    const html = await response.text();
    expect(html).toContain(`git clone ${baseUrl}${repository}`);
    expect(links(html)).toEqual([
      repository,
      `${repository}/tree/main/`,
      `${repository}/tree/main/docs/`,
      `${repository}/tree/main/src/`,
      `${repository}/blob/main/catalog-info.yaml`,
      `${repository}/blob/main/README.md`,
    ]);

    const src = await (await get(`${repository}/tree/main/src`)).text();
    expect(links(src)).toEqual([
      repository,
      `${repository}/tree/main/`,
      `${repository}/blob/main/src/${encodeURIComponent('<img src=x onerror=alert(1)> & name.txt')}`,
      `${repository}/blob/main/src/index.ts`,
    ]);
    // Names from the repository are text, never markup.
    expect(src).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; name.txt');
    expect(src).not.toContain('<img');

    // The repository page is the root folder for a browser, and text for tools.
    expect(links(await (await get(repository)).text())).toContain(`${repository}/tree/main/docs/`);
    const text = await get(repository, {});
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toContain('Files on main:');
  });

  it('shows a file escaped for a browser, and the raw file to tools and behind "Raw"', async () => {
    const page = await get(`${repository}/blob/main/README.md`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<pre># payments-api &lt;script&gt;alert(1)&lt;/script&gt;\n</pre>');
    expect(html).not.toContain('<script>');
    expect(links(html)).toContain(`${repository}/blob/main/README.md?raw`);

    for (const raw of [
      await get(`${repository}/blob/main/README.md`, {}),
      await get(`${repository}/blob/main/README.md?raw`),
    ]) {
      expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await raw.text()).toBe(skeleton['README.md']);
    }
  });

  it.skipIf(chromiumSkipReason())(
    'reads well in a browser, which follows the links and applies the style under the CSP',
    async () => {
      // openBrowser's close() fails on any Content-Security-Policy refusal (the style block).
      const chromium = await openBrowser();
      try {
        const page = await chromium.newPage();
        await page.goto(`${baseUrl}${repository}/tree/main/`);
        await page.getByRole('link', { name: 'src/' }).click();
        await page.waitForURL(`${baseUrl}${repository}/tree/main/src/`);
        await chromium.screenshot(page, 'git-browse-folder');
        await page.getByRole('link', { name: 'index.ts' }).click();
        await page.getByText('export const port = 8080;').waitFor();
        await page.getByRole('link', { name: 'payments-api' }).first().click();
        await page.getByRole('link', { name: 'README.md' }).click();
        // The file's markup is shown as text, and its script never runs.
        await page.getByText('# payments-api <script>alert(1)</script>').waitFor();
        await chromium.screenshot(page, 'git-browse-file');
      } finally {
        await chromium.close();
      }
    },
  );

  it('answers 404 for what is not there, and sends a folder under blob/ to tree/', async () => {
    expect((await get(`${repository}/tree/main/nope/`)).status).toBe(404);
    expect((await get(`${repository}/tree/main/README.md`)).status).toBe(404);
    expect((await get(`${repository}/tree/no-such-branch/`)).status).toBe(404);
    expect((await get(`${repository}/blob/main/missing.md`)).status).toBe(404);
    const folder = await get(`${repository}/blob/main/docs/guide`);
    expect(folder.status).toBe(302);
    expect(folder.headers.get('location')).toBe(`${repository}/tree/main/docs/guide/`);
  });
});
