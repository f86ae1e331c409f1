import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { corpusPath, corpusSkipReason } from '@callboard/test-utils/corpus';
import { buildNav } from './buildNav';
import { parseMkdocsConfig } from './mkdocsConfig';
import { createLinkResolver } from './resolveLinks';
import { normalizeSitePath, pageUrlPath, titleFromFileName } from './sitePaths';

describe('mkdocs.yml', () => {
  it('reads the keys Callboard uses and ignores theme, plugins, extra and Python tags', () => {
    const { config, problems } = parseMkdocsConfig(
      [
        'site_name: Inventory',
        'site_description: Where things are',
        'docs_dir: ./documentation/',
        'repo_url: https://git.example.com/acme/inventory',
        'edit_uri: edit/main/documentation',
        'theme: { name: material, palette: [{ scheme: slate }] }',
        'plugins: [techdocs-core, search]',
        'extra: { analytics: { provider: google } }',
        'markdown_extensions:',
        '  - pymdownx.emoji:',
        '      emoji_index: !!python/name:material.extensions.emoji.twemoji',
        '  - pymdownx.snippets: { base_path: !relative $config_dir }',
        'extra_css: !ENV [EXTRA, default.css]',
        'nav:',
        '  - index.md',
        '  - Guide: guide.md',
        '  - Ops:',
        '      - ops/index.md',
        '      - Runbook: ops/runbook.md',
        '  - Source: https://git.example.com/acme/inventory',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(config).toEqual({
      siteName: 'Inventory',
      siteDescription: 'Where things are',
      docsDir: 'documentation',
      repoUrl: 'https://git.example.com/acme/inventory',
      editUri: 'edit/main/documentation',
      nav: [
        { kind: 'page', path: 'index.md' },
        { kind: 'page', title: 'Guide', path: 'guide.md' },
        {
          kind: 'section',
          title: 'Ops',
          children: [
            { kind: 'page', path: 'ops/index.md' },
            { kind: 'page', title: 'Runbook', path: 'ops/runbook.md' },
          ],
        },
        { kind: 'link', title: 'Source', url: 'https://git.example.com/acme/inventory' },
      ],
    });
  });

  it('names what is wrong with a file it cannot use, with its line', () => {
    expect(parseMkdocsConfig('site_name: x\nnav: [a.md\n').problems).toEqual([
      {
        message: expect.stringMatching(/^mkdocs\.yml is not valid YAML \(line \d\): /),
        fatal: true,
      },
    ]);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 12 }, (_, i) => {
        const previous = i === 0 ? 'a' : `l${i - 1}`;
        return `l${i}: &l${i} [*${previous}, *${previous}, *${previous}, *${previous}, *${previous}, *${previous}, *${previous}, *${previous}, *${previous}]`;
      }),
    ].join('\n');
    expect(parseMkdocsConfig(bomb).problems).toEqual([
      { message: expect.stringMatching(/^mkdocs\.yml could not be read: .*alias/i), fatal: true },
    ]);
    for (const docsDir of ['../outside', '/etc', 'docs/../../x', 'a\\..\\..\\b']) {
      expect(parseMkdocsConfig(`docs_dir: ${JSON.stringify(docsDir)}`).problems).toEqual([
        {
          message: `docs_dir ${JSON.stringify(docsDir)} leaves the folder of mkdocs.yml`,
          fatal: true,
        },
      ]);
    }
    expect(parseMkdocsConfig('- just\n- a list').problems).toEqual([
      { message: 'mkdocs.yml is not a mapping of settings', fatal: true },
    ]);
    expect(parseMkdocsConfig('nav: [index.md, 42, {a: 1, b: 2}]')).toEqual({
      config: { docsDir: 'docs', nav: [{ kind: 'page', path: 'index.md' }] },
      problems: [
        { message: 'nav[1] is neither a page, a link nor a section: 42', fatal: false },
        { message: 'nav[2] is neither a page, a link nor a section: {"a":1,"b":2}', fatal: false },
      ],
    });
  });

  it('survives a nav that names itself', () => {
    const { config, problems } = parseMkdocsConfig(
      'nav: &nav\n  - Home: index.md\n  - Loop: *nav\n',
    );
    expect(config.nav?.[0]).toEqual({ kind: 'page', title: 'Home', path: 'index.md' });
    expect(problems).toEqual([
      {
        message: expect.stringContaining(
          'is nested more than 10 sections deep (does the nav name itself?)',
        ),
        fatal: false,
      },
    ]);
  });
});

describe('the site navigation', () => {
  const titles: Record<string, string> = { 'guide.md': 'The guide' };
  const titleOf = (path: string) => titles[path];

  it('follows nav: untitled pages take their heading, a section opens its index page', () => {
    const { config } = parseMkdocsConfig(
      'nav:\n  - index.md\n  - guide.md\n  - Ops:\n      - ops/index.md\n      - Runbook: ops/runbook.md\n  - Gone: gone.md\n  - Out: ../../etc/passwd\n  - Web: https://example.com\n',
    );
    const result = buildNav({
      nav: config.nav!,
      pages: ['index.md', 'guide.md', 'ops/index.md', 'ops/runbook.md'],
      titleOf,
    });
    expect(result.nav).toEqual([
      { title: 'Home', path: 'index.md' },
      { title: 'The guide', path: 'guide.md' },
      {
        title: 'Ops',
        path: 'ops/index.md',
        children: [{ title: 'Runbook', path: 'ops/runbook.md' }],
      },
      { title: 'Web', url: 'https://example.com' },
    ]);
    expect(result.problems).toEqual([
      'the nav entry "Gone" (gone.md) names a page that is not in the docs folder',
      'the nav entry "Out" (../../etc/passwd) points outside the docs folder',
    ]);
  });

  it('without nav, lays out the file tree: index first, pages, then folders as sections', () => {
    const { nav } = buildNav({
      pages: ['zeta.md', 'guide.md', 'README.md', 'b/deep/x.md', 'a/index.md', 'a/setup-steps.md'],
      titleOf,
    });
    expect(nav).toEqual([
      { title: 'Home', path: 'README.md' },
      { title: 'The guide', path: 'guide.md' },
      { title: 'Zeta', path: 'zeta.md' },
      {
        title: 'A',
        children: [
          { title: 'A', path: 'a/index.md' },
          { title: 'Setup steps', path: 'a/setup-steps.md' },
        ],
      },
      {
        title: 'B',
        children: [{ title: 'Deep', children: [{ title: 'X', path: 'b/deep/x.md' }] }],
      },
    ]);
  });

  it.skipIf(corpusSkipReason('fixtures/real-world-docs/RoadieHQ__sample-service/mkdocs.yml'))(
    'reads a real site’s nav as its mkdocs.yml names it',
    async () => {
      const root = corpusPath('fixtures/real-world-docs/RoadieHQ__sample-service');
      const { config, problems } = parseMkdocsConfig(await readFile(`${root}/mkdocs.yml`, 'utf8'));
      expect(problems).toEqual([]);
      expect(config.siteName).toBe('Root docs new');
      const { nav } = buildNav({
        nav: config.nav!,
        pages: [
          'index.md',
          'feature-testing.md',
          'folder/index.md',
          'folder/feature-testing-2.md',
          'test-doc.md',
          'code-snippets.md',
          'intro.md',
          'plantuml-test.md',
        ],
        titleOf: () => undefined,
      });
      expect(nav.map(node => node.title)).toEqual([
        'Docs',
        'Subdir 1',
        'AutoIndex',
        ...Array.from({ length: 8 }, (_, i) => `Subdir ${i + 2}`),
        'Subdir 10 long one yes very very',
        'Subdir 11',
        'Subdir 12',
      ]);
      expect(nav[2]).toEqual({
        title: 'AutoIndex',
        path: 'folder/index.md',
        children: [{ title: 'Test 2', path: 'folder/feature-testing-2.md' }],
      });
    },
  );
});

describe('links between pages', () => {
  const context = () => ({
    pagePath: 'guides/setup.md',
    pages: new Set([
      'index.md',
      'guides/setup.md',
      'guides/index.md',
      'api/reference.md',
      'ops/README.md',
    ]),
    files: new Set(['img/arch.png', 'guides/diagram one.svg']),
    siteBase: '/docs/default/component/inventory',
    filesBase: '/api/docs/entities/default/component/inventory/files',
    problems: [] as string[],
  });

  it('resolves pages, anchors, folders and files the way MkDocs does', () => {
    const links = context();
    const resolve = createLinkResolver(links);
    expect(resolve('../api/reference.md#auth', 'link')).toBe(
      '/docs/default/component/inventory/api/reference/#auth',
    );
    expect(resolve('index.md', 'link')).toBe('/docs/default/component/inventory/guides/');
    expect(resolve('../ops/', 'link')).toBe('/docs/default/component/inventory/ops/');
    expect(resolve('../index.md', 'link')).toBe('/docs/default/component/inventory/');
    expect(resolve('#local', 'link')).toBe('#local');
    expect(resolve('https://example.com/x.md', 'link')).toBe('https://example.com/x.md');
    expect(resolve('../img/arch.png', 'image')).toBe(
      '/api/docs/entities/default/component/inventory/files/img/arch.png',
    );
    expect(resolve('diagram%20one.svg', 'image')).toBe(
      '/api/docs/entities/default/component/inventory/files/guides/diagram%20one.svg',
    );
    expect(links.problems).toEqual([]);
  });

  it('drops links that leave the docs folder or lead nowhere, and names them', () => {
    const links = context();
    const resolve = createLinkResolver(links);
    expect(resolve('../../../etc/passwd', 'link')).toBeUndefined();
    expect(resolve('missing.md#x', 'link')).toBeUndefined();
    expect(resolve('../img/none.png', 'image')).toBeUndefined();
    expect(links.problems).toEqual([
      'guides/setup.md links to ../../../etc/passwd, outside the docs folder',
      'guides/setup.md links to missing.md#x, which is not in the docs folder',
      'guides/setup.md links to ../img/none.png, which is not in the docs folder',
    ]);
  });
});

describe('site paths', () => {
  it('normalises inside the site and refuses what leaves it', () => {
    expect(normalizeSitePath('./a//b/../c/')).toBe('a/c');
    expect(normalizeSitePath('dir:./'.slice(4))).toBe('');
    for (const escaping of ['..', '../x', '/abs', 'a/../../x', 'a\\b', 'a\0b']) {
      expect(normalizeSitePath(escaping)).toBeUndefined();
    }
    expect(pageUrlPath('index.md')).toBe('');
    expect(pageUrlPath('guide.md')).toBe('guide/');
    expect(pageUrlPath('ops/README.md')).toBe('ops/');
    expect(titleFromFileName('API_documentation.md')).toBe('API documentation');
    expect(titleFromFileName('getting-started.md')).toBe('Getting started');
    expect(titleFromFileName('ops/index.md')).toBe('Ops');
    expect(titleFromFileName('getting-Started.md')).toBe('getting Started');
  });
});
