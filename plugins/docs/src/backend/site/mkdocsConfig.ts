import { parseDocument } from 'yaml';
import { z } from 'zod';
import { normalizeSitePath } from './sitePaths';

/** One entry of `nav`, as MkDocs reads it. */
export type NavEntry =
  | { kind: 'page'; title?: string; path: string }
  | { kind: 'link'; title: string; url: string }
  | { kind: 'section'; title: string; children: NavEntry[] };

export interface MkdocsConfig {
  siteName?: string;
  siteDescription?: string;
  /** Relative to the folder of mkdocs.yml, normalised, never leaving it (default `docs`). */
  docsDir: string;
  nav?: NavEntry[];
  repoUrl?: string;
  editUri?: string;
}

export interface ConfigParse {
  config: MkdocsConfig;
  /** What was wrong, in words an author can act on; `fatal` when the site cannot be built. */
  problems: Array<{ message: string; fatal: boolean }>;
}

/** The keys Callboard uses; everything else (theme, plugins, extra, markdown_extensions…) is ignored. */
const configSchema = z.looseObject({
  site_name: z.unknown().optional(),
  site_description: z.unknown().optional(),
  docs_dir: z.unknown().optional(),
  nav: z.unknown().optional(),
  repo_url: z.unknown().optional(),
  edit_uri: z.unknown().optional(),
});

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/**
 * Reads mkdocs.yml. Python tags (`!!python/name:…`, `!ENV`, `!relative`) are taken as plain
 * values, so a theme or plugin setting never stops a site; a file that is not YAML, an alias
 * bomb, or a `docs_dir` leaving the repository is a fatal problem naming the line or the value.
 */
export function parseMkdocsConfig(source: string): ConfigParse {
  const problems: ConfigParse['problems'] = [];
  const fallback: ConfigParse = { config: { docsDir: 'docs' }, problems };
  const document = parseDocument(source, { prettyErrors: true, uniqueKeys: false });
  const error = document.errors[0];
  if (error) {
    const line = error.linePos?.[0].line;
    problems.push({
      message: `mkdocs.yml is not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}`,
      fatal: true,
    });
    return fallback;
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (caught) {
    problems.push({
      message: `mkdocs.yml could not be read: ${(caught as Error).message}`,
      fatal: true,
    });
    return fallback;
  }
  const parsed = configSchema.safeParse(value ?? {});
  if (!parsed.success) {
    problems.push({ message: 'mkdocs.yml is not a mapping of settings', fatal: true });
    return fallback;
  }
  const raw = parsed.data;
  const docsDir = readDocsDir(raw.docs_dir, problems);
  const config: MkdocsConfig = { docsDir: docsDir ?? 'docs' };
  const siteName = text(raw.site_name);
  if (siteName) config.siteName = siteName;
  const siteDescription = text(raw.site_description);
  if (siteDescription) config.siteDescription = siteDescription;
  const repoUrl = text(raw.repo_url);
  if (repoUrl) config.repoUrl = repoUrl;
  const editUri = text(raw.edit_uri);
  if (editUri !== undefined) config.editUri = editUri;
  if (raw.nav !== undefined && raw.nav !== null) {
    if (Array.isArray(raw.nav)) config.nav = readNav(raw.nav, 'nav', problems);
    else
      problems.push({ message: 'nav is not a list; the file tree is used instead', fatal: false });
  }
  return { config, problems };
}

function readDocsDir(value: unknown, problems: ConfigParse['problems']): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    problems.push({ message: 'docs_dir is not a path', fatal: true });
    return undefined;
  }
  const normalized = normalizeSitePath(value);
  if (normalized === undefined) {
    problems.push({
      message: `docs_dir ${JSON.stringify(value)} leaves the folder of mkdocs.yml`,
      fatal: true,
    });
    return undefined;
  }
  return normalized;
}

const isExternal = (target: string) =>
  /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/** Deeper than this is a nav that names itself (a YAML alias) or a mistake, not a real site. */
const maxNavDepth = 10;

function readNav(
  entries: unknown[],
  where: string,
  problems: ConfigParse['problems'],
  depth = 0,
): NavEntry[] {
  if (depth >= maxNavDepth) {
    problems.push({
      message: `${where} is nested more than ${maxNavDepth} sections deep (does the nav name itself?); its entries are left out`,
      fatal: false,
    });
    return [];
  }
  const result: NavEntry[] = [];
  entries.forEach((entry, index) => {
    const read = readNavEntry(entry, `${where}[${index}]`, problems, depth);
    if (read) result.push(read);
  });
  return result;
}

function readNavEntry(
  entry: unknown,
  where: string,
  problems: ConfigParse['problems'],
  depth: number,
): NavEntry | undefined {
  if (typeof entry === 'string') {
    if (isExternal(entry)) return { kind: 'link', title: entry, url: entry };
    return { kind: 'page', path: entry };
  }
  if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
    const pairs = Object.entries(entry);
    if (pairs.length === 1) {
      const [title, target] = pairs[0]!;
      if (typeof target === 'string') {
        return isExternal(target)
          ? { kind: 'link', title, url: target }
          : { kind: 'page', title, path: target };
      }
      if (Array.isArray(target)) {
        return {
          kind: 'section',
          title,
          children: readNav(target, `${where} (${title})`, problems, depth + 1),
        };
      }
    }
  }
  problems.push({
    message: `${where} is neither a page, a link nor a section: ${JSON.stringify(entry)?.slice(0, 80)}`,
    fatal: false,
  });
  return undefined;
}
