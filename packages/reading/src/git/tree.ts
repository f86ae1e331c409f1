import picomatch from 'picomatch';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import type { ReadFile, TreeFile } from '@callboard/plugin-api/backend';
import { comparePaths, globBase } from '../globs';
import { blobUrl, type GitRepository } from '../gitUrls';
import { MissingDescriptorError } from '../readingErrors';
import { checkTreeLimits, treeMatcher, type TreeSelection } from '../treeSelection';
import {
  gitIn,
  type GitReadRequest,
  type GitReaderDeps,
  type RepositoryState,
} from './repositories';

const entityFileName = 'catalog-info.yaml';
const symbolicLink = '120000';

/** A commit present in the local repository, as one request reads it. */
export interface CheckedOut {
  deps: GitReaderDeps;
  state: RepositoryState;
  request: GitReadRequest;
  /** The ref as the URL (or the caller) named it: browse URLs use it. */
  ref: string;
  commit: string;
}

interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  size: number | undefined;
  path: string;
}

/** `at <ref> (commit <short id>) in <repository>`, for messages. */
function describeAt(repository: GitRepository, ref: string, commit: string): string {
  return `at ${ref}${ref === commit ? '' : ` (commit ${commit.slice(0, 12)})`} in ${repository.id}`;
}

/** `git ls-tree -l` of paths (the whole tree without any), with sizes. */
async function lsTree(at: CheckedOut, paths: string[], recursive: boolean): Promise<TreeEntry[]> {
  const { deps, state, request, commit } = at;
  const args = ['ls-tree', '-l', '-z', ...(recursive ? ['-r'] : []), commit, '--', ...paths];
  const output = await gitIn(deps, state, args, {
    signal: request.signal,
    maxOutputBytes: 256 * 1024 * 1024,
  });
  const entries: TreeEntry[] = [];
  for (const record of output.toString('utf8').split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+) +(-|\d+)\t([\s\S]*)$/.exec(record);
    if (!match) continue;
    const [, mode = '', type = '', oid = '', size = '-', path = ''] = match;
    entries.push({ mode, type, oid, size: size === '-' ? undefined : Number(size), path });
  }
  return entries;
}

/** The contents of blobs, in one `git cat-file --batch`. */
async function catFiles(at: CheckedOut, entries: TreeEntry[]): Promise<Buffer[]> {
  if (entries.length === 0) return [];
  const total = entries.reduce((sum, entry) => sum + (entry.size ?? 0) + 64, 0);
  const output = await gitIn(at.deps, at.state, ['cat-file', '--batch'], {
    signal: at.request.signal,
    input: entries.map(entry => `${entry.oid}\n`).join(''),
    maxOutputBytes: total + 1024,
  });
  const contents: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const newline = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, newline).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (!header.startsWith(entry.oid) || !Number.isFinite(size)) {
      throw new Error(`Unexpected output from git cat-file for ${entry.path}: ${header}`);
    }
    contents.push(Buffer.from(output.subarray(newline + 1, newline + 1 + size)));
    offset = newline + 1 + size + 1;
  }
  return contents;
}

function checkSize(deps: GitReaderDeps, entry: TreeEntry, location: string): void {
  const { maxFileBytes } = deps.limits;
  if ((entry.size ?? 0) > maxFileBytes) {
    throw new InputError(
      `${location} is ${entry.size} bytes, over the limit of ${maxFileBytes} bytes (catalog.reading.maxFileBytes)`,
    );
  }
}

/** The entry a path names: a file, or a folder's `catalog-info.yaml` (the root's for ''). */
async function descriptorEntry(at: CheckedOut, path: string): Promise<TreeEntry | undefined> {
  let entry: TreeEntry | undefined;
  if (path !== '') {
    [entry] = await lsTree(at, [path], false);
    if (entry?.path !== path) entry = undefined;
  }
  if (path === '' || entry?.type === 'tree') {
    const file = path === '' ? entityFileName : `${path}/${entityFileName}`;
    [entry] = await lsTree(at, [file], false);
    if (entry?.path !== file) {
      throw new MissingDescriptorError(
        `There is no ${entityFileName} in the folder /${path} ${describeAt(at.request.url.repository, at.ref, at.commit)} — add one, or enter the URL of the descriptor file`,
      );
    }
  }
  return entry;
}

/** One file, or a folder's `catalog-info.yaml`. */
export async function readSingle(at: CheckedOut, path: string): Promise<ReadFile> {
  const { repository } = at.request.url;
  const entry = await descriptorEntry(at, path);
  if (!entry) {
    throw new NotFoundError(
      `There is no file /${path} ${describeAt(repository, at.ref, at.commit)}`,
    );
  }
  const location = blobUrl(repository, at.ref, entry.path);
  if (entry.mode === symbolicLink) {
    throw new InputError(`${location} is a symbolic link, which the reader does not follow`);
  }
  if (entry.type !== 'blob') {
    throw new InputError(`${location} is not a file (it is a ${entry.type})`);
  }
  checkSize(at.deps, entry, location);
  const [content = Buffer.alloc(0)] = await catFiles(at, [entry]);
  return { location: { type: 'url', target: location }, content };
}

/** Every file a glob matches, sorted; symbolic links left out. */
export async function readGlob(at: CheckedOut, segments: string[]): Promise<ReadFile[]> {
  const { deps, request, ref } = at;
  const { repository } = request.url;
  const { maxFiles } = deps.limits;
  const pattern = segments.join('/');
  const { base } = globBase(segments);
  const matcher = picomatch(pattern, { dot: request.dot ?? false });
  const listed = await lsTree(at, base.length ? [base.join('/')] : [], true);
  const matches = listed
    .filter(entry => entry.type === 'blob' && entry.mode !== symbolicLink && matcher(entry.path))
    .sort((a, b) => comparePaths(a.path, b.path));
  if (matches.length > maxFiles) {
    throw new InputError(
      `The glob ${pattern} matches ${matches.length} files in ${repository.id}, more than ${maxFiles} (catalog.reading.maxFiles)`,
    );
  }
  for (const entry of matches) checkSize(deps, entry, blobUrl(repository, ref, entry.path));
  const contents = await catFiles(at, matches);
  return matches.map((entry, index) => ({
    location: { type: 'url', target: blobUrl(repository, ref, entry.path) },
    content: contents[index] ?? Buffer.alloc(0),
  }));
}

/** Checks that a folder exists at the commit and is a folder. */
async function checkFolder(at: CheckedOut, folder: string): Promise<void> {
  if (folder === '') return;
  const { repository } = at.request.url;
  const [entry] = await lsTree(at, [folder], false);
  if (entry?.path !== folder) {
    throw new NotFoundError(
      `There is no folder /${folder} ${describeAt(repository, at.ref, at.commit)}`,
    );
  }
  if (entry.type !== 'tree') {
    throw new InputError(`${blobUrl(repository, at.ref, folder)} is not a folder`);
  }
}

/** Every selected file under a folder of a commit, sized before any content is read. */
export async function readFolder(
  at: CheckedOut,
  folder: string,
  selection: TreeSelection,
): Promise<TreeFile[]> {
  const { repository } = at.request.url;
  await checkFolder(at, folder);
  const prefix = folder === '' ? '' : `${folder}/`;
  const listed = await lsTree(at, folder === '' ? [] : [folder], true);
  const matches = treeMatcher(selection);
  const selected = listed
    .filter(entry => entry.type === 'blob' && entry.mode !== symbolicLink)
    .map(entry => ({ entry, path: entry.path.slice(prefix.length) }))
    .filter(({ path }) => matches(path))
    .sort((a, b) => comparePaths(a.path, b.path));
  const locationOf = (entry: TreeEntry) => blobUrl(repository, at.ref, entry.path);
  checkTreeLimits({
    what: `The folder /${folder} ${describeAt(repository, at.ref, at.commit)}`,
    files: selected.map(({ entry }) => ({ location: locationOf(entry), size: entry.size ?? 0 })),
    limits: at.deps.limits,
    ...(selection.maxBytes === undefined ? {} : { maxBytes: selection.maxBytes }),
  });
  const contents = await catFiles(
    at,
    selected.map(({ entry }) => entry),
  );
  return selected.map(({ entry, path }, index) => ({
    path,
    location: { type: 'url', target: locationOf(entry) },
    content: contents[index] ?? Buffer.alloc(0),
  }));
}
