import { posix } from 'node:path';
import type { NavEntry } from './mkdocsConfig';
import { normalizeSitePath, titleFromFileName } from './sitePaths';

/** One node of the site's navigation as the reader draws it. */
export interface NavNode {
  title: string;
  /** A page of the site (path inside the docs folder); on a section, its index page. */
  path?: string;
  /** An external link. */
  url?: string;
  children?: NavNode[];
}

export interface NavInput {
  /** `nav` from mkdocs.yml; without it the file tree is the nav. */
  nav?: NavEntry[];
  /** Every Markdown page of the docs folder. */
  pages: readonly string[];
  /** A page's first level-1 heading, for pages the nav names without a title. */
  titleOf(path: string): string | undefined;
}

const isIndex = (path: string) => /(^|\/)(index|readme)\.md$/i.test(path);

/**
 * The reader's navigation: `nav` as written (an untitled page takes its first heading, a section
 * whose first entry is an untitled index page opens it), or the file tree: index first, then the
 * pages in alphabetical order, then the folders as sections. A nav entry naming a page that is
 * not there is a problem and left out.
 */
export function buildNav(input: NavInput): { nav: NavNode[]; problems: string[] } {
  const problems: string[] = [];
  const pages = new Set(input.pages);
  const title = (path: string) => input.titleOf(path) ?? titleFromFileName(path);
  if (!input.nav) return { nav: treeNav(input.pages, title), problems };

  const fromEntries = (entries: readonly NavEntry[]): NavNode[] =>
    entries.flatMap((entry): NavNode[] => {
      if (entry.kind === 'link') return [{ title: entry.title, url: entry.url }];
      if (entry.kind === 'section') {
        const children = fromEntries(entry.children);
        const first = entry.children[0];
        if (first?.kind === 'page' && first.title === undefined && isIndex(first.path)) {
          const [index, ...rest] = children;
          return [
            { title: entry.title, ...(index?.path ? { path: index.path } : {}), children: rest },
          ];
        }
        return [{ title: entry.title, children }];
      }
      const path = normalizeSitePath(entry.path);
      if (path === undefined || !pages.has(path)) {
        const named = entry.title ? `"${entry.title}" (${entry.path})` : entry.path;
        problems.push(
          path === undefined
            ? `the nav entry ${named} points outside the docs folder`
            : `the nav entry ${named} names a page that is not in the docs folder`,
        );
        return [];
      }
      return [{ title: entry.title ?? title(path), path }];
    });
  return { nav: fromEntries(input.nav), problems };
}

/** The folder holding a path, `''` for the root. */
function parentOf(path: string): string {
  const parent = posix.dirname(path);
  return parent === '.' ? '' : parent;
}

function treeNav(pages: readonly string[], title: (path: string) => string): NavNode[] {
  const filesIn = new Map<string, string[]>([['', []]]);
  for (const page of pages) {
    // The page's folder and every folder above it exist, even one that holds only folders.
    for (let folder = parentOf(page); !filesIn.has(folder); folder = parentOf(folder)) {
      filesIn.set(folder, []);
    }
    filesIn.get(parentOf(page))!.push(page);
  }
  const level = (folder: string): NavNode[] => {
    const files = [...filesIn.get(folder)!].sort(
      (a, b) => Number(isIndex(b)) - Number(isIndex(a)) || a.localeCompare(b),
    );
    const folders = [...filesIn.keys()]
      .filter(candidate => candidate !== '' && parentOf(candidate) === folder)
      .sort((a, b) => a.localeCompare(b));
    return [
      ...files.map(path => ({ title: title(path), path })),
      ...folders.map(sub => ({ title: titleFromFileName(`${sub}.md`), children: level(sub) })),
    ];
  };
  return level('');
}
