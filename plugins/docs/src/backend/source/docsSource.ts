import { dirname } from 'node:path';
import { safeParseEntityRef, stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import type { LocationSpec, RepositoryReader } from '@callboard/plugin-api/backend';

export const techdocsRefAnnotation = 'backstage.io/techdocs-ref';
export const techdocsEntityAnnotation = 'backstage.io/techdocs-entity';
const sourceLocationAnnotation = 'backstage.io/source-location';
const managedByLocationAnnotation = 'backstage.io/managed-by-location';

/** Where an entity's docs come from. */
export type DocsSource =
  /** No docs annotation: the entity has no site. */
  | { kind: 'none' }
  /** `backstage.io/techdocs-entity`: the site of another entity. */
  | { kind: 'entity'; entityRef: string }
  /** A folder to read: a repository tree URL or a config folder. */
  | { kind: 'folder'; location: LocationSpec }
  /** The annotation is there but says nothing readable: what its author should fix. */
  | { kind: 'problem'; problem: string };

/** `url:…` / `file:…` as the catalog writes location annotations. */
function parseLocationRef(value: string | undefined): LocationSpec | undefined {
  const match = /^(url|file):(.+)$/.exec(value?.trim() ?? '');
  return match ? { type: match[1] as 'url' | 'file', target: match[2]!.trim() } : undefined;
}

/**
 * The base a `dir:` path is resolved against: the entity's source location (a folder), else the
 * file it was read from. A folder given as `…/` is turned into a file name inside it, so that
 * relative paths resolve inside the folder for both URLs and files.
 */
function baseOf(entity: Entity): { base: LocationSpec; root?: string } | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const location =
    parseLocationRef(annotations[sourceLocationAnnotation]) ??
    parseLocationRef(annotations[managedByLocationAnnotation]);
  if (!location) return undefined;
  if (location.type === 'url') return { base: location };
  const isFolder = location.target.endsWith('/');
  const root = isFolder ? location.target.replace(/\/+$/, '') || '/' : dirname(location.target);
  // A config `file` location must not escape the folder it was read from.
  return { base: { type: 'file', target: `${root}/catalog-info.yaml` }, root };
}

/**
 * A `url:` target as a folder: a forge's `blob/` URL of the folder (or of its mkdocs.yml) means
 * the same folder's `tree/` URL.
 */
function folderUrl(target: string): string | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  let path = url.pathname.replace('/blob/', '/tree/');
  path = path.replace(/\/mkdocs\.ya?ml$/i, '');
  url.pathname = path.endsWith('/') ? path : `${path}/`;
  return url.href;
}

/**
 * Reads the docs annotations of an entity, with the sloppy forms real catalogs use where the
 * intent is clear (`dir:./`, a path without `dir:`, a trailing slash, a `url:` at a `blob/` URL),
 * and a problem in words otherwise. Only `resolveTarget` is called: nothing is read here.
 */
export function docsSourceOf(
  entity: Entity,
  reader: Pick<RepositoryReader, 'resolveTarget'>,
): DocsSource {
  const annotations = entity.metadata.annotations ?? {};
  const other = annotations[techdocsEntityAnnotation]?.trim();
  if (other) {
    const parsed = safeParseEntityRef(other, { defaultKind: entity.kind });
    if (!parsed.ok) {
      return { kind: 'problem', problem: `${techdocsEntityAnnotation}: ${parsed.message}` };
    }
    return { kind: 'entity', entityRef: stringifyEntityRef(parsed.ref) };
  }
  const raw = annotations[techdocsRefAnnotation];
  if (raw === undefined) return { kind: 'none' };
  const value = raw.trim();
  const problem = (why: string): DocsSource => ({
    kind: 'problem',
    problem: `${techdocsRefAnnotation} ${JSON.stringify(raw)}: ${why}`,
  });
  if (value === '') return problem('it is empty');

  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'url' || scheme === 'http' || scheme === 'https') {
    const target = scheme === 'url' ? value.slice(4).trim() : value;
    const url = folderUrl(target);
    if (!url) return problem('url: needs an http(s) URL of a repository folder');
    return { kind: 'folder', location: { type: 'url', target: url } };
  }
  if (scheme && scheme !== 'dir') {
    return problem('only dir:<path> and url:<repository folder URL> are understood');
  }
  const path = (scheme === 'dir' ? value.slice(4) : value).trim() || '.';
  if (path.startsWith('/') || /^[a-z]:[\\/]/i.test(path) || path.includes('\\')) {
    return problem('dir: takes a path relative to the entity’s source location');
  }
  if (path.includes('\0')) return problem('the path holds a NUL character');
  const found = baseOf(entity);
  if (!found) return problem('the entity has no source location to resolve dir: against');
  try {
    const folder = `${path.replace(/\/+$/, '')}/`;
    const location = reader.resolveTarget(
      found.base,
      folder === './' || folder === '/' ? './' : folder,
      found.root !== undefined ? { root: found.root } : {},
    );
    return { kind: 'folder', location };
  } catch (error) {
    return problem(error instanceof Error ? describeResolveError(error) : 'it cannot be resolved');
  }
}

/** The reader's message without the server's own paths: only whether it leaves its folder. */
function describeResolveError(error: Error): string {
  if (/leaves/.test(error.message)) return 'the path leaves the folder or repository it is in';
  return 'it cannot be resolved against the entity’s source location';
}

/** The text stored for a source: `url:<tree URL>` or `file:<folder>`. */
export function formatSource(location: LocationSpec): string {
  return `${location.type}:${location.target}`;
}

export function parseSource(source: string): LocationSpec | undefined {
  return parseLocationRef(source);
}
