import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, corpusSkipReason } from '@callboard/test-utils/corpus';
import { buildSite } from './buildSite';
import type { NavNode } from './buildNav';
import { parseMkdocsConfig, type NavEntry } from './mkdocsConfig';

const root = corpusPath('fixtures/real-world-docs');

interface ManifestRepo {
  repo: string;
  mkdocs_path: string;
  binaries_skipped?: string[];
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter(entry => entry.isFile()).map(entry => join(entry.parentPath, entry.name));
}

/** The site as its repository holds it: the copied text files, and the skipped binaries as stand-ins. */
async function siteFiles(repo: ManifestRepo): Promise<Map<string, Buffer>> {
  const repoFolder = join(root, repo.repo.replace('/', '__'));
  const siteRoot = posix.dirname(repo.mkdocs_path) === '.' ? '' : posix.dirname(repo.mkdocs_path);
  const files = new Map<string, Buffer>();
  for (const file of await filesUnder(join(repoFolder, siteRoot))) {
    files.set(
      relative(join(repoFolder, siteRoot), file).split('\\').join('/'),
      await readFile(file),
    );
  }
  for (const binary of repo.binaries_skipped ?? []) {
    files.set(siteRoot ? posix.relative(siteRoot, binary) : binary, Buffer.from('binary'));
  }
  return files;
}

const titlesOf = (entries: readonly NavEntry[]) => entries.map(entry => entry.title);
const navTitles = (nodes: readonly NavNode[]) => nodes.map(node => node.title);

describe.skipIf(corpusSkipReason('fixtures/real-world-docs/manifest.json'))(
  'real-world docs sites',
  async () => {
    const manifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')) as {
      repos: ManifestRepo[];
    };

    it.each(manifest.repos.map(repo => [repo.repo, repo] as const))(
      '%s builds: every page, the nav its mkdocs.yml names, only real problems',
      async (_name, repo) => {
        const files = await siteFiles(repo);
        const site = buildSite({ files, siteBase: '/docs/x', filesBase: '/api/docs/x/files' });
        expect(site.fatal).toBe(false);

        const config = parseMkdocsConfig(files.get('mkdocs.yml')!.toString('utf8')).config;
        const prefix = site.docsDir ? `${site.docsDir}/` : '';
        const markdown = [...files.keys()]
          .filter(path => path.startsWith(prefix) && path.endsWith('.md'))
          .map(path => path.slice(prefix.length))
          .sort();
        expect(site.pages.map(page => page.path)).toEqual(markdown);
        expect(new Set(site.pages.map(page => page.urlPath)).size).toBe(markdown.length);
        for (const page of site.pages) expect(page.html.length).toBeGreaterThan(0);

        if (config.nav) {
          // Titles as written; an untitled entry takes the page's first heading or file name.
          const written = titlesOf(config.nav);
          const shown = navTitles(site.nav);
          written.forEach((title, index) => {
            if (title !== undefined) expect(shown[index]).toBe(title);
          });
          expect(shown).toHaveLength(written.length);
        } else {
          const first = site.nav[0];
          expect(first?.path).toMatch(/^(index|README)\.md$/i);
        }
        // What remains are links the site really gets wrong: outside its docs folder or to
        // files its repository does not have.
        for (const problem of site.problems) {
          expect(problem).toMatch(/ links to .*(outside the docs folder|not in the docs folder)$/);
        }
      },
    );

    it('reports the RoadieHQ sample site’s missing images and its link out of the docs', async () => {
      const repo = manifest.repos.find(candidate => candidate.repo === 'RoadieHQ/sample-service')!;
      const site = buildSite({
        files: await siteFiles(repo),
        siteBase: '/docs/x',
        filesBase: '/api/docs/x/files',
      });
      expect(site.problems).toEqual([
        'feature-testing.md links to ./assets/coverage.svg, which is not in the docs folder',
        'feature-testing.md links to ../site/assets/inages/favicon.png, outside the docs folder',
        // A copy of feature-testing.md in a folder, its image link not adjusted.
        'folder/feature-testing-2.md links to ./the-power-of-platform-logos-updated.png, which is not in the docs folder',
      ]);
      expect(dirname(repo.mkdocs_path)).toBe('.');
    });
  },
);
