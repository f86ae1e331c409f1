import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { GitCommandError, runGit, type GitCommand } from '@callboard/git';
import type { GitRepository, GitUrl } from '../gitUrls';
import type { GitHost, ResolvedHost } from '../hostPolicy';
import type { KeyedMutex } from '../KeyedMutex';
import type { ReadingConfig } from '../readingConfig';

/** What `git ls-remote` said about a repository, and when. */
export interface RemoteRefs {
  at: number;
  heads: Map<string, string>;
  /** Tag name → commit (peeled through annotated tags). */
  tags: Map<string, string>;
  /** Tag name → tag object, for annotated tags. */
  tagObjects: Map<string, string>;
  /** The default branch; undefined when the listing did not ask for HEAD, null when unborn. */
  head?: string | null;
}

/** One bare repository in the reader's directory, and what the reader knows about it. */
export interface RepositoryState {
  dir: string;
  opened?: Promise<void>;
  refs?: RemoteRefs;
  /** Ref names resolved in this repository, to split `…/blob/<ref>/<path>` without asking git. */
  knownRefs: Set<string>;
  /** Commits known to be complete in the local repository. */
  commits: Set<string>;
  /** A git command was killed or failed here: stale lock files may be left behind. */
  dirty: boolean;
  fetchesSinceGc: number;
}

export interface GitReadRequest {
  url: GitUrl;
  /** For messages: the URL as given. */
  href: string;
  host: GitHost;
  resolved: ResolvedHost;
  signal: AbortSignal;
  fresh: boolean;
  /** Refuse globs (reading one file for a placeholder). */
  single: boolean;
  /** Globs match dotfiles and dot folders too. */
  dot?: boolean;
}

/** What every git function of the reader works with; one per reader. */
export interface GitReaderDeps {
  limits: ReadingConfig['limits'];
  logger: Logger;
  /** Bare repositories live in `<dir>/repositories`, git's HOME in `<dir>/home`. */
  dir: () => Promise<string>;
  closing: AbortSignal;
  states: Map<string, Promise<RepositoryState>>;
  /** Settled states, for the synchronous `splitKnownRef`. */
  settled: Map<string, RepositoryState>;
  /** One git command sequence at a time per repository. */
  mutex: KeyedMutex;
  /** Background work (`git gc`) that `close()` waits for. */
  background: Set<Promise<unknown>>;
}

/** The state of a repository, created (not yet opened) on first use. */
export function stateFor(deps: GitReaderDeps, repository: GitRepository): Promise<RepositoryState> {
  let state = deps.states.get(repository.id);
  if (!state) {
    const hash = createHash('sha256').update(repository.id).digest('hex').slice(0, 16);
    const name = (repository.segments.at(-1) ?? 'repository').replace(/[^\w.-]/g, '_');
    state = deps.dir().then(dir => ({
      dir: join(dir, 'repositories', `${hash}-${name}`),
      knownRefs: new Set<string>(),
      commits: new Set<string>(),
      dirty: true,
      fetchesSinceGc: 0,
    }));
    deps.states.set(repository.id, state);
  }
  return state;
}

const homeOf = async (deps: GitReaderDeps) => join(await deps.dir(), 'home');

/** Runs git in a repository, over http(s) only, with the reader's own HOME. */
export async function gitIn(
  deps: GitReaderDeps,
  state: RepositoryState,
  args: string[],
  extra: Partial<GitCommand> & { signal: AbortSignal },
): Promise<Buffer> {
  const home = await homeOf(deps);
  return runGit({ args, gitDir: state.dir, home, transports: ['http'], ...extra });
}

/** Creates the bare repository (and git's HOME) once; a failed attempt is retried next time. */
export async function openRepository(
  deps: GitReaderDeps,
  state: RepositoryState,
  signal: AbortSignal,
): Promise<void> {
  state.opened ??= (async () => {
    await mkdir(state.dir, { recursive: true });
    await mkdir(await homeOf(deps), { recursive: true });
    const exists = await stat(join(state.dir, 'HEAD')).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await gitIn(deps, state, ['init', '--bare', '--quiet', '--template='], { signal });
    }
  })();
  try {
    await state.opened;
  } catch (error) {
    state.opened = undefined;
    throw error;
  }
}

/** Removes lock files a killed git left behind; only ever called while holding the mutex. */
export async function removeStaleLocks(state: RepositoryState): Promise<void> {
  if (!state.dirty) return;
  const list = (folder: string, recursive: boolean) =>
    readdir(join(state.dir, folder), { recursive }).then(
      entries => entries.map(entry => join(folder, entry)),
      () => [] as string[],
    );
  const entries = [...(await list('', false)), ...(await list('refs', true))];
  await Promise.all(
    entries
      .filter(entry => entry.endsWith('.lock'))
      .map(entry => rm(join(state.dir, entry), { force: true })),
  );
  state.dirty = false;
}

/** Whether a commit is complete in the local repository (remembered once it is). */
export async function hasCommit(
  deps: GitReaderDeps,
  state: RepositoryState,
  commit: string,
  signal: AbortSignal,
): Promise<boolean> {
  if (state.commits.has(commit)) return true;
  try {
    await gitIn(deps, state, ['cat-file', '-e', `${commit}^{commit}`], { signal });
    state.commits.add(commit);
    return true;
  } catch (error) {
    if (error instanceof GitCommandError) return false;
    throw error;
  }
}
