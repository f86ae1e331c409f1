import type { Heading, Section } from '../rendering/headings';
import { renderMarkdown } from '../rendering/renderMarkdown';
import { buildNav, type NavNode } from './buildNav';
import { parseMkdocsConfig, type MkdocsConfig } from './mkdocsConfig';
import { createLinkResolver } from './resolveLinks';
import { joinSitePath, pageUrlPath } from './sitePaths';

export interface SiteInput {
  /** The files of the site's folder (the folder of mkdocs.yml), by path relative to it. */
  files: ReadonlyMap<string, Buffer>;
  /** The portal's path of the site: `/docs/default/component/inventory`. */
  siteBase: string;
  /** Where the docs API serves the docs folder's files. */
  filesBase: string;
  /** A page larger than this is a problem and left out (default 2 MiB). */
  maxPageBytes?: number;
}

export interface BuiltPage {
  /** Inside the docs folder: `guides/setup.md`. */
  path: string;
  /** Under the site's portal path: `guides/setup/`. */
  urlPath: string;
  title: string;
  html: string;
  headings: Heading[];
  sections: Section[];
  /** Where a person edits this page, when the site says (`repo_url` + `edit_uri`). */
  editUrl?: string;
}

export interface BuiltSite {
  siteName: string;
  siteDescription?: string;
  nav: NavNode[];
  pages: BuiltPage[];
  /** The docs folder's other files (images, downloads), by path inside it. */
  assets: string[];
  docsDir: string;
  /** Everything an author should fix, in words; the site is served anyway unless `fatal`. */
  problems: string[];
  /** True when nothing could be built (mkdocs.yml unreadable, no docs at all). */
  fatal: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(content: Buffer): string | undefined {
  try {
    return utf8.decode(content).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/** The docs folder and its settings: mkdocs.yml, else a `docs/` folder, else a lone README.md. */
function siteSettings(files: ReadonlyMap<string, Buffer>, problems: string[]) {
  const configFile = files.get('mkdocs.yml') ?? files.get('mkdocs.yaml');
  if (configFile) {
    const text = decode(configFile);
    if (text === undefined) {
      problems.push('mkdocs.yml is not UTF-8 text');
      return { config: undefined, fatal: true };
    }
    const parsed = parseMkdocsConfig(text);
    problems.push(...parsed.problems.map(problem => problem.message));
    const config = { ...parsed.config };
    // mkdocs.yml inside the docs folder itself, with no docs_dir (a common TechDocs layout with
    // `techdocs-ref: dir:./docs`): the intent is clear, the pages are next to it.
    const docsFolderExists = [...files.keys()].some(path => path.startsWith(`${config.docsDir}/`));
    if (!docsFolderExists && !/^\s*docs_dir\s*:/m.test(text)) config.docsDir = '';
    return { config, fatal: parsed.problems.some(problem => problem.fatal) };
  }
  const hasDocsFolder = [...files.keys()].some(path => path.startsWith('docs/'));
  if (hasDocsFolder) return { config: { docsDir: 'docs' } satisfies MkdocsConfig, fatal: false };
  if (files.has('README.md'))
    return { config: { docsDir: '' } satisfies MkdocsConfig, fatal: false };
  problems.push('no mkdocs.yml, no docs folder and no README.md: there is nothing to show');
  return { config: undefined, fatal: true };
}

function editUrlOf(config: MkdocsConfig, path: string): string | undefined {
  const repo = config.repoUrl?.replace(/\/+$/, '');
  if (!repo || !/^https?:\/\//i.test(repo) || config.editUri === undefined) return undefined;
  const edit = config.editUri.replace(/^\/+|\/+$/g, '');
  if (/^https?:\/\//i.test(edit)) return `${edit}/${path}`;
  return `${repo}/${edit ? `${edit}/` : ''}${path}`;
}

/**
 * Builds a site from its files, as MkDocs would lay it out: every Markdown page of the docs folder
 * rendered and sanitized, links resolved to the portal, the nav, and every problem an author can
 * fix (a page that is not UTF-8 or too large, a nav entry or link that leads nowhere, a missing
 * snippet). One bad page never stops the others.
 */
export function buildSite(input: SiteInput): BuiltSite {
  const problems: string[] = [];
  const { config, fatal } = siteSettings(input.files, problems);
  const empty = { siteName: config?.siteName ?? 'Docs', nav: [], pages: [], assets: [], problems };
  if (!config || fatal) return { ...empty, docsDir: config?.docsDir ?? 'docs', fatal: true };

  const prefix = config.docsDir ? `${config.docsDir}/` : '';
  const inDocs = new Map<string, Buffer>();
  for (const [path, content] of input.files) {
    if (path.startsWith(prefix)) inDocs.set(path.slice(prefix.length), content);
  }
  // A site read from the repository root (no mkdocs.yml, no docs/) is its README only.
  const rootReadmeOnly =
    !prefix && !input.files.has('mkdocs.yml') && !input.files.has('mkdocs.yaml');
  const markdownPaths = [...inDocs.keys()].filter(
    path => /\.md$/i.test(path) && (!rootReadmeOnly || path === 'README.md'),
  );
  if (markdownPaths.length === 0) {
    problems.push(
      `the docs folder ${config.docsDir || '(the repository root)'} holds no Markdown page`,
    );
    return { ...empty, docsDir: config.docsDir, fatal: true };
  }
  const pageSet = new Set(markdownPaths);
  const assets = rootReadmeOnly
    ? []
    : [...inDocs.keys()].filter(path => !pageSet.has(path) && !/^mkdocs\.ya?ml$/.test(path)).sort();
  const assetSet = new Set(assets);
  const maxBytes = input.maxPageBytes ?? 2 * 1024 * 1024;
  const pages: BuiltPage[] = [];
  for (const path of markdownPaths.sort()) {
    const content = inDocs.get(path)!;
    if (content.length > maxBytes) {
      problems.push(
        `${path} is ${content.length} bytes, over the limit of ${maxBytes}; it is left out`,
      );
      continue;
    }
    const text = decode(content);
    if (text === undefined) {
      problems.push(`${path} is not UTF-8 text; it is left out`);
      continue;
    }
    const linkProblems: string[] = [];
    const rendered = renderMarkdown(text, {
      rewriteUrl: createLinkResolver({
        pagePath: path,
        pages: pageSet,
        files: assetSet,
        siteBase: input.siteBase,
        filesBase: input.filesBase,
        problems: linkProblems,
      }),
      readSnippet: snippet => readSnippet(input.files, config.docsDir, snippet),
    });
    problems.push(...linkProblems, ...rendered.problems.map(problem => `${path}: ${problem}`));
    const editUrl = editUrlOf(config, path);
    pages.push({
      path,
      urlPath: pageUrlPath(path),
      title: rendered.title ?? '',
      html: rendered.html,
      headings: rendered.headings,
      sections: rendered.sections,
      ...(editUrl ? { editUrl } : {}),
    });
  }
  const titles = new Map(pages.map(page => [page.path, page.title || undefined]));
  const built = buildNav({
    ...(config.nav ? { nav: config.nav } : {}),
    pages: pages.map(page => page.path),
    titleOf: path => titles.get(path),
  });
  problems.push(...built.problems);
  return {
    siteName: config.siteName ?? 'Docs',
    ...(config.siteDescription ? { siteDescription: config.siteDescription } : {}),
    nav: built.nav,
    pages,
    assets,
    docsDir: config.docsDir,
    problems,
    fatal: false,
  };
}

/** A snippet path, relative to the site's folder as pymdownx.snippets' default, else the docs folder. */
function readSnippet(
  files: ReadonlyMap<string, Buffer>,
  docsDir: string,
  path: string,
): string | undefined {
  for (const base of ['', docsDir]) {
    const resolved = joinSitePath(base, path);
    const content = resolved === undefined ? undefined : files.get(resolved);
    if (content) return decode(content);
  }
  return undefined;
}
