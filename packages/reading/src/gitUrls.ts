import { InputError } from '@callboard/plugin-api/common';
import type { GitHostKind } from './hostPolicy';

/** A repository on a git host, as named by a URL. */
export interface GitRepository {
  kind: GitHostKind;
  /** `https://host[:port]`, lower-case host. */
  origin: string;
  /** The repository's path segments, decoded, without a trailing `.git` on forges. */
  segments: string[];
  /** What git fetches: the forge's `.git` URL, or the path as written for other git hosts. */
  cloneUrl: string;
  /**
   * The repository's identity (cache key, `repositoryOf`): `<origin>/<path>` without `.git`, with
   * the path lower-cased on GitHub and GitLab, whose repository paths are case-insensitive.
   */
  id: string;
  /** Browse URLs start here: `<origin>/<path>` (`…/-` on GitLab). */
  browseBase: string;
}

/** A git URL split into its repository and what follows `blob`/`tree`. */
export interface GitUrl {
  repository: GitRepository;
  /** Absent for a repository URL (its root `catalog-info.yaml` at the default branch). */
  view?: 'blob' | 'tree';
  /** Decoded segments after `blob`/`tree`: the ref followed by the path; split by ref lookup. */
  rest: string[];
}

const viewSegments = new Set(['blob', 'tree']);
const commitPattern = /^[0-9a-f]{40}$/;

export function isCommitId(ref: string): boolean {
  return commitPattern.test(ref);
}

function decodeSegment(segment: string, url: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InputError(`Malformed percent-encoding in ${url}`);
  }
}

const forgeName: Record<GitHostKind, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  git: 'git',
};

function unsupported(url: string, kind: GitHostKind): InputError {
  const forms =
    kind === 'github'
      ? 'https://host/owner/repo, …/blob/<ref>/<path> or …/tree/<ref>/<path>'
      : kind === 'gitlab'
        ? 'https://host/group/repo, …/-/blob/<ref>/<path> or …/-/tree/<ref>/<path>'
        : 'https://host/<repository path>, …/blob/<ref>/<path> or …/tree/<ref>/<path>';
  return new InputError(`Unsupported ${forgeName[kind]} URL ${url}: use ${forms}`);
}

/**
 * Splits a URL on a git host into repository and view. GitHub repositories are exactly
 * `owner/repo`; GitLab ones end before `/-/` (or a legacy `blob`/`tree` after two segments); on
 * other git hosts the repository ends before `/-/` or the first `blob`/`tree` segment. Query and
 * fragment are ignored (`?plain=1`, `#L10`).
 */
export function parseGitUrl(url: URL, kind: GitHostKind): GitUrl {
  const href = `${url.origin}${url.pathname}`;
  if (url.username || url.password) {
    throw new InputError(
      `URLs with credentials are not accepted (${url.host}); configure a token under integrations.${kind} instead`,
    );
  }
  const segments = url.pathname
    .split('/')
    .filter(segment => segment !== '')
    .map(segment => decodeSegment(segment, href));

  let repoLength: number;
  let viewIndex: number | undefined;
  if (kind === 'github') {
    repoLength = 2;
    if (segments.length > 2) viewIndex = 2;
  } else {
    const minimum = kind === 'gitlab' ? 2 : 1;
    const dash = segments.indexOf('-');
    if (dash >= minimum) {
      repoLength = dash;
      viewIndex = dash + 1;
    } else {
      const view = segments.findIndex(
        (segment, index) => index >= minimum && viewSegments.has(segment),
      );
      repoLength = view === -1 ? segments.length : view;
      viewIndex = view === -1 ? undefined : view;
    }
    if (repoLength < minimum) throw unsupported(href, kind);
  }
  if (segments.length < repoLength) throw unsupported(href, kind);

  let view: GitUrl['view'];
  let rest: string[] = [];
  if (viewIndex !== undefined) {
    const name = segments[viewIndex];
    if (name !== 'blob' && name !== 'tree') throw unsupported(href, kind);
    view = name;
    rest = segments.slice(viewIndex + 1);
    if (rest.length === 0) throw new InputError(`The URL ${href} names no branch, tag or commit`);
  }
  const repositorySegments = segments.slice(0, repoLength);
  repositoryPath(repositorySegments, href);
  return { repository: repositoryFor(url, kind, repositorySegments), view, rest };
}

function repositoryFor(url: URL, kind: GitHostKind, written: string[]): GitRepository {
  const origin = `${url.protocol}//${url.host.toLowerCase()}`;
  const last = written.length - 1;
  const bare = written.map((segment, index) =>
    index === last ? segment.replace(/\.git$/i, '') : segment,
  );
  const forge = kind !== 'git';
  const segments = forge ? bare : written;
  const path = (parts: string[]) => parts.map(encodeSegment).join('/');
  const idPath = path(bare);
  return {
    kind,
    origin,
    segments,
    cloneUrl: forge ? `${origin}/${path(bare)}.git` : `${origin}/${path(written)}`,
    id: `${origin}/${forge ? idPath.toLowerCase() : idPath}`,
    browseBase: `${origin}/${path(segments)}${kind === 'gitlab' ? '/-' : ''}`,
  };
}

/** Percent-encodes what a path segment cannot hold literally (keeps glob characters readable). */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(
    /%(2C|3A|40|21|24|26|27|28|29|2B|3B|3D|7B|7D)/g,
    (_, hex: string) => String.fromCharCode(parseInt(hex, 16)),
  );
}

function encodePath(path: string): string {
  return path.split('/').map(encodeSegment).join('/');
}

/** `…/blob/<ref>/<path>` of a file. */
export function blobUrl(repository: GitRepository, ref: string, path: string): string {
  return `${repository.browseBase}/blob/${encodePath(ref)}/${encodePath(path)}`;
}

/** `…/tree/<ref>/<folder>/` of a folder (`…/tree/<ref>/` for the root). */
export function treeUrl(repository: GitRepository, ref: string, folder: string): string {
  const suffix = folder === '' ? '' : `${encodePath(folder)}/`;
  return `${repository.browseBase}/tree/${encodePath(ref)}/${suffix}`;
}

/** The forge's edit URL of a file, if it has one (not for generic git hosts or pinned commits). */
export function editUrl(repository: GitRepository, ref: string, path: string): string | undefined {
  if (repository.kind === 'git' || isCommitId(ref)) return undefined;
  return `${repository.browseBase}/edit/${encodePath(ref)}/${encodePath(path)}`;
}

/**
 * Validates a path inside a repository (from a URL) and returns it joined with `/`. `.` and `..`
 * segments, empty segments and NUL bytes are refused: a URL never walks out of its repository.
 */
export function repositoryPath(segments: string[], url: string): string {
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || segment.includes('\0')) {
      throw new InputError(`The path in ${url} must not contain "${segment}" segments`);
    }
    if (segment.includes('/')) {
      throw new InputError(`The path in ${url} must not contain encoded slashes`);
    }
  }
  return segments.join('/');
}

/**
 * Picks the ref among the leading segments of `rest`: a 40-hex commit id as the first segment, or
 * the longest prefix that `isRef` accepts (refs may contain slashes). Undefined when none does.
 */
export function splitRef(
  rest: string[],
  isRef: (name: string) => boolean,
): { ref: string; path: string[] } | undefined {
  const first = rest[0];
  if (first === undefined) return undefined;
  if (isCommitId(first)) return { ref: first, path: rest.slice(1) };
  for (let length = rest.length; length >= 1; length--) {
    const name = rest.slice(0, length).join('/');
    if (isRef(name)) return { ref: name, path: rest.slice(length) };
  }
  return undefined;
}

/** Normalises what webhooks send as a repository: scp-like `git@host:path` and `ssh://` forms. */
export function toHttpUrl(value: string): URL | undefined {
  const trimmed = value.trim();
  const scp = /^[\w.-]+@([^:/]+):(?!\/)(.+)$/.exec(trimmed);
  const text = scp
    ? `https://${scp[1]}/${scp[2]}`
    : trimmed.replace(/^(?:ssh|git):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\//i, 'https://$1/');
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
