import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginList } from '@callboard/plugin-api/backend';
import type { CatalogService } from '@callboard/plugin-catalog/backend';
import { catalogPlugin } from '@callboard/plugin-catalog/backend';
import {
  corpusPath,
  corpusSkipReason,
  engineSkipReason,
  eventually,
  startGitServer,
  startTestServer,
  testEngines,
  type RepositoryFiles,
  type TestGitServer,
  type TestServer,
} from '@callboard/test-utils';
import {
  docsPageSchema,
  docsSearchPageSchema,
  docsSiteListSchema,
  docsSiteSchema,
  type DocsNavNode,
  type DocsSite,
} from '../common';
import { createDocsStore } from './database/docsStore';
import { docsPlugin } from './docsPlugin';

const component = (name: string, annotations: Record<string, string>, extra = '') =>
  [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    ...(extra ? [`  description: ${extra}`] : []),
    ...(Object.keys(annotations).length
      ? [
          '  annotations:',
          ...Object.entries(annotations).map(
            ([key, value]) => `    ${key}: ${JSON.stringify(value)}`,
          ),
        ]
      : []),
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: team-docs',
    '',
  ].join('\n');

const mkdocs = [
  'site_name: Payments handbook',
  'site_description: How payments work',
  'repo_url: https://git.example.com/acme/payments',
  'edit_uri: edit/main/docs/',
  'theme:',
  '  name: material',
  'nav:',
  '  - Home: index.md',
  '  - Guides:',
  '      - Setup: guides/setup.md',
  '      - guides/deploy.md',
  '  - Status page: https://status.example.com',
  '',
].join('\n');

const hostileSvg =
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>';

const paymentsFiles = (setupText: string): RepositoryFiles => ({
  'catalog-info.yaml': component('payments', { 'backstage.io/techdocs-ref': 'dir:.' }),
  'mkdocs.yml': mkdocs,
  'docs/index.md':
    '# Payments\n\nWelcome. See [setup](guides/setup.md#install).\n\n![logo](img/logo.svg)\n',
  'docs/guides/setup.md': `# Setup\n\n## Install\n\n${setupText}\n`,
  'docs/guides/deploy.md': '# Deploying\n\nShip it.\n',
  'docs/img/logo.svg': hostileSvg,
});

async function json<T>(response: Response, schema: { parse(value: unknown): T }): Promise<T> {
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return schema.parse(body);
}

const urlPaths = (nodes: readonly DocsNavNode[]): string[] =>
  nodes.flatMap(node => [
    ...(node.urlPath !== undefined ? [node.urlPath] : []),
    ...urlPaths(node.children ?? []),
  ]);

/** The real-world docs sites, as the corpus holds them. */
interface ManifestRepo {
  repo: string;
  mkdocs_path: string;
  binaries_skipped?: string[];
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter(entry => entry.isFile()).map(entry => join(entry.parentPath, entry.name));
}

/**
 * A real-world site's repository: its docs files as copied, stand-ins for its binaries, and its
 * own catalog file from the catalog corpus (with its real techdocs-ref).
 */
async function realWorldRepository(
  repo: ManifestRepo,
): Promise<{ files: RepositoryFiles; catalogPath: string }> {
  const folder = repo.repo.replace('/', '__');
  const docsRoot = corpusPath('fixtures/real-world-docs', folder);
  const files: RepositoryFiles = {};
  for (const file of await filesUnder(docsRoot)) {
    files[relative(docsRoot, file).split('\\').join('/')] = await readFile(file);
  }
  for (const binary of repo.binaries_skipped ?? []) files[binary] = Buffer.from('binary');
  const catalogRoot = corpusPath('fixtures/real-world');
  const catalogFiles = (await readdir(catalogRoot)).filter(
    name => name.startsWith(`${folder}__`) && /catalog-info\.ya?ml$/.test(name),
  );
  let catalogPath: string | undefined;
  for (const name of catalogFiles) {
    const path = name
      .slice(folder.length + 2)
      .split('__')
      .join('/');
    let text = await readFile(join(catalogRoot, name), 'utf8');
    if (!text.includes('backstage.io/techdocs-ref')) {
      // RoadieHQ/sample-service documents itself by its mkdocs.yml alone; Backstage's own
      // default for such a repository is the folder of its catalog file.
      text = text.replace(/^( {2}annotations:\n)/m, `$1    backstage.io/techdocs-ref: dir:.\n`);
    }
    files[path] = text;
    if (!catalogPath || text.includes('backstage.io/techdocs-ref')) catalogPath = path;
  }
  if (!catalogPath) throw new Error(`${repo.repo} has no catalog file in the corpus`);
  return { files, catalogPath };
}

describe.each(testEngines)('the docs plugin on %s', engine => {
  const skip = engineSkipReason(engine);
  let git: TestGitServer;
  let server: TestServer;
  let catalog: CatalogService;
  let configDir: string;

  const site = async (name: string) =>
    json(await server.fetch(`/api/docs/sites/default/component/${name}`), docsSiteSchema);
  const page = async (name: string, path: string) =>
    server.fetch(`/api/docs/sites/default/component/${name}/page?path=${encodeURIComponent(path)}`);
  const readySite = (name: string, check: (site: DocsSite) => void = () => undefined) =>
    eventually(
      async () => {
        const current = await site(name);
        expect(current.status).toBe('ready');
        check(current);
        return current;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  const build = (name: string) =>
    server.fetch(`/api/docs/sites/default/component/${name}/build`, { method: 'POST' });
  /** The site's queue row is empty again: a check or build asked for has finished. */
  const settled = (name: string) =>
    eventually(
      async () => {
        const row = (await server.testDatabase.database
          .knex('docs_sites')
          .where({ entity_ref: `component:default/${name}` })
          .first('build_requested_at')) as { build_requested_at: unknown } | undefined;
        expect(row?.build_requested_at).toBeNull();
      },
      { timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    if (skip) return;
    git = await startGitServer();
    // A config `file` location: one site inside its folder, one reaching out of it.
    configDir = mkdtempSync(join(tmpdir(), 'callboard-docs-config-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(configDir, path)), { recursive: true });
      writeFileSync(join(configDir, path), text);
    };
    write(
      'site/catalog-info.yaml',
      [
        component('config-docs', { 'backstage.io/techdocs-ref': 'dir:.' }),
        component('config-escape', { 'backstage.io/techdocs-ref': 'dir:../outside' }),
      ].join('---\n'),
    );
    write('site/mkdocs.yml', 'site_name: From config\n');
    write('site/docs/index.md', '# Config docs\n\nRead from a folder.\n');
    write('outside/docs/index.md', '# Outside\n\nNever served.\n');
    write(
      'app-config.yaml',
      'catalog:\n  locations:\n    - type: file\n      target: ./site/catalog-info.yaml\n',
    );
    const plugins: PluginList = async (start, core) => {
      catalog = await start(catalogPlugin, { kinds: core.kinds });
      await start(docsPlugin, { catalog });
    };
    server = await startTestServer({
      engine,
      plugins,
      configFiles: [join(configDir, 'app-config.yaml')],
      config: {
        integrations: { git: [{ host: git.host }] },
        backend: { reading: { allow: [{ host: git.host }] } },
        catalog: { processingInterval: { minutes: 30 } },
        docs: { refreshInterval: { hours: 1 } },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await git?.close();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  describe('a site in a git repository registered in the catalog', () => {
    let repo: Awaited<ReturnType<TestGitServer['createRepository']>>;

    beforeAll(async () => {
      if (skip) return;
      repo = await git.createRepository('acme/payments.git', paymentsFiles('Run `make`.'));
      await catalog.registerLocation(repo.blobUrl('catalog-info.yaml'), { dryRun: false });
    }, 60_000);

    it.skipIf(skip)(
      'is built from the change feed and served: site, nav, pages, files',
      async () => {
        const built = await readySite('payments');
        expect(built).toMatchObject({
          entityRef: 'component:default/payments',
          title: 'Payments handbook',
          description: 'How payments work',
          status: 'ready',
          problems: [],
        });
        expect(built.commit).toMatch(/^[0-9a-f]{40}$/);
        expect(built.source).toBe(repo.treeUrl('').replace(/\/?$/, '/'));
        expect(built.nav).toEqual([
          { title: 'Home', urlPath: '' },
          {
            title: 'Guides',
            children: [
              { title: 'Setup', urlPath: 'guides/setup/' },
              { title: 'Deploying', urlPath: 'guides/deploy/' },
            ],
          },
          { title: 'Status page', url: 'https://status.example.com' },
        ]);

        const home = await json(await page('payments', ''), docsPageSchema);
        expect(home.title).toBe('Payments');
        expect(home.html).toContain(
          'href="/docs/default/component/payments/guides/setup/#install"',
        );
        expect(home.html).toContain(
          'src="/api/docs/sites/default/component/payments/files/img/logo.svg"',
        );
        expect(home.previous).toBeUndefined();
        expect(home.next).toEqual({ title: 'Setup', urlPath: 'guides/setup/' });
        expect(home.breadcrumbs).toEqual([]);
        expect(home.editUrl).toBe('https://git.example.com/acme/payments/edit/main/docs/index.md');

        const setup = await json(await page('payments', 'guides/setup/'), docsPageSchema);
        expect(setup).toMatchObject({
          urlPath: 'guides/setup/',
          path: 'guides/setup.md',
          title: 'Setup',
          previous: { title: 'Payments', urlPath: '' },
          next: { title: 'Deploying', urlPath: 'guides/deploy/' },
          breadcrumbs: [{ title: 'Guides' }],
          commit: built.commit,
        });
        expect(setup.headings).toContainEqual({ level: 2, id: 'install', text: 'Install' });
        // The same page without its trailing slash.
        expect((await page('payments', 'guides/setup')).status).toBe(200);
        const missing = await page('payments', 'nope/');
        expect(missing.status).toBe(404);
        expect(((await missing.json()) as { error: { name: string } }).error.name).toBe(
          'NotFoundError',
        );

        const svg = await server.fetch(
          '/api/docs/sites/default/component/payments/files/img/logo.svg',
        );
        expect(svg.status).toBe(200);
        expect(svg.headers.get('content-type')).toBe('image/svg+xml');
        expect(svg.headers.get('content-security-policy')).toMatch(/^sandbox/);
        expect(svg.headers.get('x-content-type-options')).toBe('nosniff');
        expect(await svg.text()).toBe(hostileSvg);
      },
    );

    it.skipIf(skip)('refuses paths out of the docs folder and answers typed errors', async () => {
      await readySite('payments');
      for (const path of [
        '..%2F..%2Fmkdocs.yml',
        '..%2Fcatalog-info.yaml',
        '%2Fetc%2Fpasswd',
        'img%2F..%2F..%2Fmkdocs.yml',
        'index.md',
      ]) {
        const response = await server.fetch(
          `/api/docs/sites/default/component/payments/files/${path}`,
        );
        expect(response.status, path).toBe(404);
        const text = await response.text();
        expect(text, path).not.toContain('site_name');
        expect(text, path).not.toMatch(/\/tmp\/|select |at .*\.ts:/i);
      }
      const unknown = await server.fetch('/api/docs/sites/default/component/nobody');
      expect(unknown.status).toBe(404);
      const badCursor = await server.fetch('/api/docs/search-documents?cursor=nonsense');
      expect(badCursor.status).toBe(400);
    });

    it.skipIf(skip)('lists the site and gives the search plugin every section', async () => {
      await readySite('payments');
      const list = await json(
        await server.fetch('/api/docs/sites?kind=component'),
        docsSiteListSchema,
      );
      expect(list.items).toContainEqual(
        expect.objectContaining({
          entityRef: 'component:default/payments',
          kind: 'component',
          namespace: 'default',
          name: 'payments',
          entityTitle: 'payments',
          siteTitle: 'Payments handbook',
          owner: 'team-docs',
          status: 'ready',
          problemCount: 0,
        }),
      );
      const byText = await json(
        await server.fetch('/api/docs/sites?q=HANDBOOK'),
        docsSiteListSchema,
      );
      expect(byText.items.map(item => item.entityRef)).toContain('component:default/payments');
      const otherOwner = await json(
        await server.fetch('/api/docs/sites?owner=someone-else'),
        docsSiteListSchema,
      );
      expect(otherOwner.items).toEqual([]);
      const otherKind = await json(
        await server.fetch('/api/docs/sites?kind=api'),
        docsSiteListSchema,
      );
      expect(otherKind.items).toEqual([]);

      const documents = [];
      let cursor: string | undefined;
      do {
        const response = await server.fetch(
          `/api/docs/search-documents?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        const body = await json(response, docsSearchPageSchema);
        documents.push(...body.items);
        cursor = body.nextCursor;
      } while (cursor);
      const payments = documents.filter(doc => doc.entityRef === 'component:default/payments');
      expect(payments).toContainEqual({
        entityRef: 'component:default/payments',
        siteTitle: 'Payments handbook',
        pageTitle: 'Setup',
        urlPath: 'guides/setup/',
        anchor: 'install',
        sectionTitle: 'Install',
        text: expect.stringContaining('Run make.') as unknown as string,
        location: '/docs/default/component/payments/guides/setup/#install',
      });
      expect(new Set(payments.map(doc => doc.urlPath))).toEqual(
        new Set(['', 'guides/setup/', 'guides/deploy/']),
      );
    });

    it.skipIf(skip)(
      'rebuilds on a push, not on an unchanged commit, and keeps the last good build',
      async () => {
        const before = await readySite('payments');

        // Asking again at the same commit: nothing is rebuilt.
        expect((await build('payments')).status).toBe(202);
        await settled('payments');
        expect((await site('payments')).builtAt).toBe(before.builtAt);

        // A push with the entity changed too reaches the docs through the catalog's change feed.
        const pushed = await repo.commit({
          'docs/guides/setup.md': '# Setup\n\n## Install\n\nRun `make install` now.\n',
          'catalog-info.yaml': component(
            'payments',
            { 'backstage.io/techdocs-ref': 'dir:.' },
            'Payments',
          ),
        });
        await catalog.refresh('component:default/payments');
        await readySite('payments', current => expect(current.commit).toBe(pushed));
        const setup = await json(await page('payments', 'guides/setup/'), docsPageSchema);
        expect(setup.html).toContain('make install');

        // A push the catalog does not see (docs only), then a build asked for: new text.
        const docsOnly = await repo.commit({
          'docs/guides/deploy.md': '# Deploying\n\nShip it twice.\n',
        });
        expect((await build('payments')).status).toBe(202);
        await readySite('payments', current => expect(current.commit).toBe(docsOnly));
        const deploy = await json(await page('payments', 'guides/deploy/'), docsPageSchema);
        expect(deploy.html).toContain('Ship it twice.');

        // A broken mkdocs.yml: a problem with its line, and the last good build stays served.
        const broken = await repo.commit({ 'mkdocs.yml': 'site_name: [unclosed\nnav:\n  - a\n' });
        await build('payments');
        const failed = await readySite('payments', current =>
          expect(current.problems.join('\n')).toMatch(/mkdocs\.yml/),
        );
        expect(failed.commit).toBe(docsOnly);
        expect(failed.problems[0]).toContain(broken.slice(0, 12));
        expect(
          (await json(await page('payments', 'guides/deploy/'), docsPageSchema)).html,
        ).toContain('Ship it twice.');
      },
    );
  });

  describe('where docs come from', () => {
    beforeAll(async () => {
      if (skip) return;
      const entities = [
        component('escapes', { 'backstage.io/techdocs-ref': 'dir:../../..' }),
        component('absolute', { 'backstage.io/techdocs-ref': 'dir:/etc' }),
        component('odd-scheme', { 'backstage.io/techdocs-ref': 'github:acme/x' }),
        component('sloppy', { 'backstage.io/techdocs-ref': './handbook/' }),
        component('borrows', { 'backstage.io/techdocs-entity': 'component:default/sloppy' }),
        component('undocumented', {}),
        component('selfish', { 'backstage.io/techdocs-entity': 'component:default/selfish' }),
        component('ping', { 'backstage.io/techdocs-entity': 'component:default/pong' }),
        component('pong', { 'backstage.io/techdocs-entity': 'component:default/ping' }),
      ].join('---\n');
      const repo = await git.createRepository('acme/sources.git', {
        'catalog-info.yaml': entities,
        'handbook/mkdocs.yml': 'site_name: Handbook\n',
        'handbook/docs/index.md': '# Handbook\n\nHello.\n',
        'secret.md': '# Secret\n',
      });
      await catalog.registerLocation(repo.blobUrl('catalog-info.yaml'), { dryRun: false });
    }, 60_000);

    it.skipIf(skip)(
      'turns a techdocs-ref that escapes or says nothing readable into a problem',
      async () => {
        for (const [name, problem] of [
          ['escapes', /leaves the folder or repository/],
          ['absolute', /relative to the entity/],
          ['odd-scheme', /only dir:/],
        ] as const) {
          const current = await eventually(
            async () => {
              const answer = await site(name);
              expect(answer.status).toBe('failed');
              return answer;
            },
            { timeoutMs: 60_000 },
          );
          expect(current.problems.join('\n'), name).toMatch(problem);
          expect(current.nav).toEqual([]);
          expect((await page(name, '')).status).toBe(404);
        }
      },
    );

    it.skipIf(skip)('takes the sloppy forms, and shows another entity’s docs', async () => {
      const sloppy = await readySite('sloppy');
      expect(sloppy.title).toBe('Handbook');
      expect(sloppy.source).toMatch(/\/tree\/main\/handbook\/$/);
      const borrowed = await readySite('borrows', current => expect(current.nav).not.toEqual([]));
      expect(borrowed.docsEntityRef).toBe('component:default/sloppy');
      expect(borrowed.title).toBe('Handbook');
      const home = await json(await page('borrows', ''), docsPageSchema);
      expect(home.html).toContain('Hello.');

      const none = await site('undocumented');
      expect(none.status).toBe('none');
      const list = await json(await server.fetch('/api/docs/sites'), docsSiteListSchema);
      const refs = list.items.map(item => item.entityRef);
      expect(refs).toContain('component:default/sloppy');
      expect(refs).not.toContain('component:default/undocumented');
      expect(refs).not.toContain('component:default/borrows');
    });

    it.skipIf(skip)('never loops on entities that name themselves or each other', async () => {
      const selfish = await eventually(
        async () => {
          const answer = await site('selfish');
          expect(answer.status).toBe('failed');
          return answer;
        },
        { timeoutMs: 60_000 },
      );
      expect(selfish.problems.join('\n')).toMatch(/names this entity itself/);
      await settled('ping');
      await settled('pong');
      const ping = await site('ping');
      expect(ping.docsEntityRef).toBe('component:default/pong');
      expect(ping.nav).toEqual([]);
      expect((await page('ping', '')).status).toBe(404);
    });
  });

  it.skipIf(skip)('builds a config folder, and refuses a techdocs-ref that leaves it', async () => {
    const config = await readySite('config-docs');
    expect(config.title).toBe('From config');
    // A folder on the server is never shown as the source.
    expect(config.source).toBeUndefined();
    expect((await json(await page('config-docs', ''), docsPageSchema)).html).toContain(
      'Read from a folder.',
    );
    const escaped = await eventually(
      async () => {
        const answer = await site('config-escape');
        expect(answer.status).toBe('failed');
        return answer;
      },
      { timeoutMs: 60_000 },
    );
    expect(escaped.problems.join('\n')).toMatch(/leaves the folder/);
    expect(escaped.problems.join('\n')).not.toContain(configDir);
    expect((await page('config-escape', '')).status).toBe(404);
  });

  it.skipIf(skip)(
    'leaves a site leased by a live replica alone and takes over a dead one’s',
    async () => {
      const knex = server.testDatabase.database.knex;
      const me = server.backend.info.instanceId;
      const store = createDocsStore({ knex, readKnex: knex, instanceId: me });
      const held = 'component:default/held-here';
      const orphaned = 'component:default/held-by-a-dead-replica';
      const expired = 'component:default/lease-expired';
      const leased = (entityRef: string, owner: string, expiry: string) => ({
        entity_ref: entityRef,
        build_requested_at: knex.fn.now(),
        build_requests: 1,
        lease_owner: owner,
        lease_expires_at: knex.raw(`now() + interval '${expiry}'`),
      });
      await knex('docs_sites').insert([
        // A build this replica runs (its lease is live): nobody claims the site a second time.
        leased(held, me, '10 minutes'),
        // A replica without a heartbeat: the backend gives its leases back at once.
        leased(orphaned, 'replica-gone', '10 minutes'),
        // A lease past its expiry.
        leased(expired, 'replica-slow', '-1 second'),
      ]);
      expect((await store.leasesByOwner()).has('replica-slow')).toBe(false);
      // Taken over (their entities are gone: the rows go).
      await eventually(async () => {
        const left = (await knex('docs_sites')
          .whereIn('entity_ref', [orphaned, expired])
          .pluck('entity_ref')) as string[];
        expect(left).toEqual([]);
      });
      // The builder worked meanwhile, and did not claim the site under a live lease.
      await build('payments');
      await settled('payments');
      expect(await knex('docs_sites').where({ entity_ref: held }).first('lease_owner')).toEqual({
        lease_owner: me,
      });
      expect((await store.leasesByOwner()).get(me)).toBeGreaterThanOrEqual(1);
      // Given back (as on shutdown), it is claimed and checked.
      expect(await store.releaseOwnedBy([me])).toBeGreaterThanOrEqual(1);
      await eventually(async () => {
        expect(await knex('docs_sites').where({ entity_ref: held }).first()).toBeUndefined();
      });
    },
  );

  describe.skipIf(
    corpusSkipReason('fixtures/real-world-docs/manifest.json', 'fixtures/real-world'),
  )('every real-world docs site', () => {
    let repos: ManifestRepo[] = [];
    const names = new Map<string, string>();

    beforeAll(async () => {
      if (skip) return;
      const manifest = JSON.parse(
        await readFile(corpusPath('fixtures/real-world-docs/manifest.json'), 'utf8'),
      ) as { repos: ManifestRepo[] };
      repos = manifest.repos;
      for (const repo of repos) {
        const { files, catalogPath } = await realWorldRepository(repo);
        const created = await git.createRepository(`${repo.repo}.git`, files);
        await catalog.registerLocation(created.blobUrl(catalogPath), { dryRun: false });
        const documented = parseAllDocuments(String(files[catalogPath]))
          .map(
            document =>
              document.toJS() as {
                metadata?: { name?: string; annotations?: Record<string, string> };
              } | null,
          )
          .find(entity => entity?.metadata?.annotations?.['backstage.io/techdocs-ref']);
        if (!documented?.metadata?.name) throw new Error(`${repo.repo}: no documented entity`);
        names.set(repo.repo, documented.metadata.name.toLowerCase());
      }
    }, 120_000);

    it.skipIf(skip)(
      'builds each from its real techdocs-ref; every page is reachable',
      async () => {
        expect(names.size).toBe(repos.length);
        for (const [repo, name] of names) {
          const built = await readySite(name);
          expect(built.nav.length, repo).toBeGreaterThan(0);
          expect(built.problems.join('\n'), repo).not.toMatch(/mkdocs\.yml|nothing to show/);
          const reachable = new Set(urlPaths(built.nav));
          // Every page of the site, nav or not, from the search documents.
          let cursor: string | undefined;
          do {
            const body = await json(
              await server.fetch(
                `/api/docs/search-documents?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
              ),
              docsSearchPageSchema,
            );
            for (const doc of body.items) {
              if (doc.entityRef === `component:default/${name}`) reachable.add(doc.urlPath);
            }
            cursor = body.nextCursor;
          } while (cursor);
          for (const urlPath of reachable) {
            const response = await page(name, urlPath);
            expect(response.status, `${repo} ${urlPath}`).toBe(200);
            const served = docsPageSchema.parse(await response.json());
            expect(served.html.length, `${repo} ${urlPath}`).toBeGreaterThan(0);
          }
        }
      },
      180_000,
    );
  });
});
