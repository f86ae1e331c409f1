import type { Logger } from 'pino';
import { InputError } from '@callboard/plugin-api/common';
import type { ReadResult, ReadTreeResult, RepositoryTag } from '@callboard/plugin-api/backend';
import { checkout, locate } from './git/checkout';
import { listRemote } from './git/remote';
import {
  gitIn,
  openRepository,
  removeStaleLocks,
  stateFor,
  type GitReadRequest,
  type GitReaderDeps,
  type RepositoryState,
} from './git/repositories';
import { readFolder, readGlob, readSingle } from './git/tree';
import { comparePaths, isGlob } from './globs';
import { repositoryPath, splitRef, type GitRepository } from './gitUrls';
import { KeyedMutex } from './KeyedMutex';
import type { ReadingConfig } from './readingConfig';
import type { TreeSelection } from './treeSelection';

export type { GitReadRequest } from './git/repositories';

export interface GitReader {
  read(request: GitReadRequest): Promise<ReadResult>;
  /** Every selected file under the URL's folder at its ref (or `selection.ref`). */
  readTree(
    request: GitReadRequest,
    selection: TreeSelection & { ref?: string },
  ): Promise<ReadTreeResult>;
  /** The commit the URL's ref (or `ref`) names, from the ref listing alone. */
  resolveCommit(request: GitReadRequest, ref?: string): Promise<string>;
  /** Every tag with its commit, from the ref listing alone. */
  listTags(request: GitReadRequest): Promise<RepositoryTag[]>;
  /**
   * Splits the segments after `blob`/`tree` into ref and path with the refs resolved so far in
   * this repository (the first segment when none matches). No segments: the default branch if
   * known, else `HEAD`.
   */
  splitKnownRef(repository: GitRepository, rest: string[]): { ref: string; path: string[] };
  close(): Promise<void>;
}

/** Fetches into a repository between two `git gc --auto` runs. */
const gcEvery = 25;

/** Runs a task on a repository's state, alone in that repository. */
async function inRepository<T>(
  deps: GitReaderDeps,
  request: GitReadRequest,
  task: (state: RepositoryState) => Promise<T>,
): Promise<{ state: RepositoryState; result: T }> {
  const { repository } = request.url;
  const state = await stateFor(deps, repository);
  deps.settled.set(repository.id, state);
  const result = await deps.mutex.run(repository.id, request.signal, () =>
    task(state).catch((error: unknown) => {
      if (request.signal.aborted) state.dirty = true;
      throw error;
    }),
  );
  return { state, result };
}

/** Every `gcEvery` fetches, packs the repository in the background (waiting for its mutex). */
function maybeCollectGarbage(
  deps: GitReaderDeps,
  state: RepositoryState,
  repository: GitRepository,
): void {
  if (state.fetchesSinceGc < gcEvery) return;
  state.fetchesSinceGc = 0;
  const signal = AbortSignal.any([deps.closing, AbortSignal.timeout(10 * 60_000)]);
  const task = deps.mutex
    .run(repository.id, signal, async () => {
      await removeStaleLocks(state);
      await gitIn(deps, state, ['gc', '--auto', '--quiet'], { signal }).catch(error => {
        state.dirty = true;
        throw error;
      });
    })
    .catch((error: unknown) => {
      if (!deps.closing.aborted) {
        deps.logger.warn({ repository: repository.id, err: error }, 'git gc failed');
      }
    })
    .finally(() => deps.background.delete(task));
  deps.background.add(task);
}

/** One file, a folder's `catalog-info.yaml`, or every file a glob matches. */
export async function readGitLocation(
  deps: GitReaderDeps,
  request: GitReadRequest,
): Promise<ReadResult> {
  const { repository } = request.url;
  const { state, result } = await inRepository(deps, request, state =>
    checkout(deps, state, request),
  );
  maybeCollectGarbage(deps, state, repository);
  const at = { deps, state, request, ref: result.ref, commit: result.commit };
  const pathText = repositoryPath(result.path, request.href);
  if (isGlob(pathText)) {
    if (request.single) {
      throw new InputError(`${request.href} is a glob; only one file can be read here`);
    }
    return { files: await readGlob(at, result.path), version: result.commit };
  }
  return { files: [await readSingle(at, pathText)], version: result.commit };
}

/** Every selected file under the URL's folder at its ref (or `selection.ref`). */
export async function readGitTree(
  deps: GitReaderDeps,
  request: GitReadRequest,
  selection: TreeSelection & { ref?: string },
): Promise<ReadTreeResult> {
  const { repository } = request.url;
  const { state, result } = await inRepository(deps, request, state =>
    checkout(deps, state, request, selection.ref),
  );
  maybeCollectGarbage(deps, state, repository);
  const folder = repositoryPath(result.path, request.href);
  if (isGlob(folder)) {
    throw new InputError(`${request.href} is a glob; read a folder and select files with globs`);
  }
  const at = { deps, state, request, ref: result.ref, commit: result.commit };
  const files = await readFolder(at, folder, selection);
  return { files, version: result.commit, commit: result.commit };
}

/** The remote's tags, sorted, from the cached listing when it is recent enough. */
export async function listGitTags(
  deps: GitReaderDeps,
  request: GitReadRequest,
): Promise<RepositoryTag[]> {
  const { result: refs } = await inRepository(deps, request, async state => {
    await openRepository(deps, state, request.signal);
    const cached = state.refs;
    if (cached && !request.fresh && Date.now() - cached.at <= deps.limits.fetchCacheMs) {
      return cached;
    }
    state.refs = await listRemote(deps, state, request, false);
    return state.refs;
  });
  return [...refs.tags]
    .map(([name, commit]): RepositoryTag => {
      const tagObject = refs.tagObjects.get(name);
      return tagObject ? { name, commit, tagObject } : { name, commit };
    })
    .sort((a, b) => comparePaths(a.name, b.name));
}

/** Splits a URL's ref off with the refs this reader has resolved in the repository so far. */
export function splitKnownRef(
  deps: GitReaderDeps,
  repository: GitRepository,
  rest: string[],
): { ref: string; path: string[] } {
  const state = deps.settled.get(repository.id);
  if (rest.length === 0) return { ref: state?.refs?.head ?? 'HEAD', path: [] };
  const split = splitRef(rest, name => state?.knownRefs.has(name) ?? false);
  return split ?? { ref: rest[0] ?? 'HEAD', path: rest.slice(1) };
}

/** Reads git repositories over smart HTTP into bare repositories of its own directory. */
export function createGitReader(options: {
  config: ReadingConfig;
  logger: Logger;
  /** Bare repositories live in `<dir>/repositories`, git's HOME in `<dir>/home`. */
  dir: () => Promise<string>;
  closing: AbortSignal;
}): GitReader {
  const deps: GitReaderDeps = {
    limits: options.config.limits,
    logger: options.logger,
    dir: options.dir,
    closing: options.closing,
    states: new Map(),
    settled: new Map(),
    mutex: new KeyedMutex(),
    background: new Set(),
  };
  return {
    read: request => readGitLocation(deps, request),
    readTree: (request, selection) => readGitTree(deps, request, selection),
    resolveCommit: async (request, ref) =>
      (await inRepository(deps, request, state => locate(deps, state, request, ref))).result.commit,
    listTags: request => listGitTags(deps, request),
    splitKnownRef: (repository, rest) => splitKnownRef(deps, repository, rest),
    close: async () => {
      await Promise.allSettled([...deps.background]);
    },
  };
}
