import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import picomatch from 'picomatch';
import type { Logger } from 'pino';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import type {
  ReadFile,
  ReadResult,
  ReadTreeResult,
  RepositoryTag,
  TreeFile,
} from '@callboard/plugin-api/backend';
import { comparePaths, globBase, isGlob } from './globs';
import {
  blobUrl,
  isCommitId,
  repositoryPath,
  splitRef,
  type GitRepository,
  type GitUrl,
} from './gitUrls';
import type { GitHost, ResolvedHost } from './hostPolicy';
import { KeyedMutex } from './KeyedMutex';
import type { ReadingConfig } from './readingConfig';
import { checkTreeLimits, treeMatcher, type TreeSelection } from './treeSelection';
import { GitCommandError, runGit, type GitCommand } from '@callboard/git';
import {
  forgeRefused,
  MissingDescriptorError,
  gitTransportFailure,
  notAGitRepository,
  repositoryNotFound,
} from './readingErrors';

const entityFileName = 'catalog-info.yaml';

/** What `git ls-remote` said about a repository, and when. */
interface RemoteRefs {
  at: number;
  heads: Map<string, string>;
  /** Tag name → commit (peeled through annotated tags). */
  tags: Map<string, string>;
  /** Tag name → tag object, for annotated tags. */
  tagObjects: Map<string, string>;
  /** The default branch; undefined when the listing did not ask for HEAD, null when unborn. */
  head?: string | null;
}

interface RepositoryState {
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

/** A ref resolved to a commit by the remote's listing (or a commit id as given). */
interface Located {
  kind: 'heads' | 'tags' | 'commit';
  ref: string;
  commit: string;
  /** The path after the ref in the URL. */
  path: string[];
}

interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  size: number | undefined;
  path: string;
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

const gcEvery = 25;

/** `at <ref> (commit <short id>) in <repository>`, for messages. */
function describeAt(repository: GitRepository, ref: string, commit: string): string {
  return `at ${ref}${ref === commit ? '' : ` (commit ${commit.slice(0, 12)})`} in ${repository.id}`;
}

export function createGitReader(options: {
  config: ReadingConfig;
  logger: Logger;
  /** Bare repositories live in `<dir>/repositories`, git's HOME in `<dir>/home`. */
  dir: () => Promise<string>;
  closing: AbortSignal;
}): GitReader {
  const { limits } = options.config;
  const states = new Map<string, Promise<RepositoryState>>();
  /** Settled states, for the synchronous `splitKnownRef`. */
  const settled = new Map<string, RepositoryState>();
  const mutex = new KeyedMutex();
  const background = new Set<Promise<unknown>>();

  const stateFor = (repository: GitRepository): Promise<RepositoryState> => {
    let state = states.get(repository.id);
    if (!state) {
      const hash = createHash('sha256').update(repository.id).digest('hex').slice(0, 16);
      const name = (repository.segments.at(-1) ?? 'repository').replace(/[^\w.-]/g, '_');
      state = options.dir().then(dir => ({
        dir: join(dir, 'repositories', `${hash}-${name}`),
        knownRefs: new Set<string>(),
        commits: new Set<string>(),
        dirty: true,
        fetchesSinceGc: 0,
      }));
      states.set(repository.id, state);
    }
    return state;
  };

  const home = async () => join(await options.dir(), 'home');

  const git = async (
    state: RepositoryState,
    args: string[],
    extra: Partial<GitCommand> & { signal: AbortSignal },
  ) => runGit({ args, gitDir: state.dir, home: await home(), transports: ['http'], ...extra });

  /** Network commands carry the auth header and the addresses that passed the checks. */
  const remoteConfig = (request: GitReadRequest): Array<[string, string]> => {
    const config: Array<[string, string]> = [];
    if (request.host.authorization) {
      config.push(['http.extraHeader', `Authorization: ${request.host.authorization}`]);
    }
    const { hostname, port, addresses } = request.resolved;
    if (!addresses.some(({ address }) => address === hostname)) {
      const list = addresses
        .map(({ address, family }) => (family === 6 ? `[${address}]` : address))
        .join(',');
      config.push(['http.curloptResolve', `${hostname}:${port}:${list}`]);
    }
    return config;
  };

  const open = async (state: RepositoryState, signal: AbortSignal) => {
    state.opened ??= (async () => {
      await mkdir(state.dir, { recursive: true });
      await mkdir(await home(), { recursive: true });
      const exists = await stat(join(state.dir, 'HEAD')).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await git(state, ['init', '--bare', '--quiet', '--template='], { signal });
      }
    })();
    try {
      await state.opened;
    } catch (error) {
      state.opened = undefined;
      throw error;
    }
  };

  /** Removes lock files a killed git left behind; only ever called while holding the mutex. */
  const removeStaleLocks = async (state: RepositoryState) => {
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
  };

  const failure = (error: unknown, request: GitReadRequest, what: string): unknown => {
    if (!(error instanceof GitCommandError)) return error;
    const { repository } = request.url;
    const { host } = request;
    const text = error.stderr;
    const hostName = new URL(repository.origin).host;
    const transport = gitTransportFailure(text, hostName);
    if (transport) return transport;
    // git asks for a user name (and fails: no prompts) only after a 401.
    const status =
      /error: (40[13])\b/i.exec(text)?.[1] ??
      (/could not read (Username|Password)|Authentication failed/i.test(text) ? '401' : undefined);
    if (status) {
      return forgeRefused({
        host: hostName,
        what: `Repository ${repository.id}`,
        status,
        configuredKey: host.authorization ? host.configKey : undefined,
        integrationKey: `integrations.${repository.kind}`,
      });
    }
    if (/not found|error: 404\b/i.test(text)) {
      return repositoryNotFound(
        `Repository ${repository.id}`,
        host.authorization ? host.configKey : undefined,
      );
    }
    if (/error: 30[1278]\b/i.test(text)) {
      return new InputError(
        `Repository ${repository.id} answered with a redirect, which the reader does not follow: use the repository's canonical URL`,
      );
    }
    if (
      /is this a git repository|not a git repository|unexpected content|protocol error/i.test(text)
    ) {
      return notAGitRepository(`${request.href}`, hostName);
    }
    return new Error(`Cannot ${what} ${repository.id}: ${text || error.message}`);
  };

  const listRemote = async (
    state: RepositoryState,
    request: GitReadRequest,
    withHead: boolean,
  ): Promise<RemoteRefs> => {
    const { repository } = request.url;
    // Asking for HEAD means listing every ref (ls-remote filters patterns on the client);
    // otherwise the server sends only branches and tags (protocol v2 ref prefixes).
    const args = withHead
      ? ['ls-remote', '--symref', repository.cloneUrl]
      : ['ls-remote', '--heads', '--tags', repository.cloneUrl];
    let output: Buffer;
    try {
      output = await git(state, args, {
        signal: request.signal,
        config: remoteConfig(request),
        secrets: request.host.secrets,
        maxOutputBytes: 64 * 1024 * 1024,
      });
    } catch (error) {
      throw failure(error, request, 'list the refs of');
    }
    const refs: RemoteRefs = {
      at: Date.now(),
      heads: new Map(),
      tags: new Map(),
      tagObjects: new Map(),
    };
    const peeled = new Map<string, string>();
    if (withHead) refs.head = null;
    for (const line of output.toString('utf8').split('\n')) {
      const [left, name] = line.split('\t');
      if (!left || !name) continue;
      if (left.startsWith('ref: ')) {
        if (name === 'HEAD' && left.startsWith('ref: refs/heads/')) {
          refs.head = left.slice('ref: refs/heads/'.length);
        }
      } else if (name.startsWith('refs/heads/')) {
        refs.heads.set(name.slice('refs/heads/'.length), left);
      } else if (name.startsWith('refs/tags/')) {
        const tag = name.slice('refs/tags/'.length);
        // `v1^{}` is the commit an annotated tag points to: it wins over the tag object.
        if (tag.endsWith('^{}')) peeled.set(tag.slice(0, -3), left);
        else refs.tags.set(tag, left);
      }
    }
    for (const [tag, commit] of peeled) {
      const object = refs.tags.get(tag);
      if (object !== undefined && object !== commit) refs.tagObjects.set(tag, object);
      refs.tags.set(tag, commit);
    }
    if (refs.head && !refs.heads.has(refs.head)) refs.head = null;
    return refs;
  };

  const hasCommit = async (state: RepositoryState, commit: string, signal: AbortSignal) => {
    if (state.commits.has(commit)) return true;
    try {
      await git(state, ['cat-file', '-e', `${commit}^{commit}`], { signal });
      state.commits.add(commit);
      return true;
    } catch (error) {
      if (error instanceof GitCommandError) return false;
      throw error;
    }
  };

  const fetch = async (
    state: RepositoryState,
    request: GitReadRequest,
    source: string,
    localRef: string,
  ): Promise<string> => {
    await removeStaleLocks(state);
    const started = Date.now();
    try {
      await git(
        state,
        [
          'fetch',
          '--quiet',
          '--depth=1',
          '--no-tags',
          '--no-write-fetch-head',
          '--no-auto-gc',
          '--no-recurse-submodules',
          request.url.repository.cloneUrl,
          `+${source}:${localRef}`,
        ],
        {
          signal: request.signal,
          config: remoteConfig(request),
          secrets: request.host.secrets,
        },
      );
    } catch (error) {
      state.dirty = true;
      if (
        error instanceof GitCommandError &&
        /not our ref|couldn't find remote ref|no such remote ref|unadvertised object/i.test(
          error.stderr,
        )
      ) {
        throw new NotFoundError(`${source} was not found in ${request.url.repository.id}`);
      }
      throw failure(error, request, 'fetch');
    }
    const commit = (
      await git(state, ['rev-parse', '--verify', '--quiet', `${localRef}^{commit}`], {
        signal: request.signal,
      })
    )
      .toString('utf8')
      .trim();
    state.commits.add(commit);
    state.fetchesSinceGc++;
    options.logger.debug(
      { repository: request.url.repository.id, ref: source, commit, ms: Date.now() - started },
      'fetched a repository',
    );
    return commit;
  };

  const localRefName = (kind: 'heads' | 'tags', name: string) =>
    // Hex keeps local ref names flat: branches `a` and `a/b` (at different times) never clash.
    `refs/callboard/${kind}/${Buffer.from(name, 'utf8').toString('hex')}`;

  /**
   * Which commit the URL's ref (or `exactRef`, a whole ref name) names, from the remote's ref
   * listing (reused within fetchCacheSeconds), and the path after the ref. Fetches nothing.
   */
  const locate = async (
    state: RepositoryState,
    request: GitReadRequest,
    exactRef?: string,
  ): Promise<Located> => {
    const { url } = request;
    await open(state, request.signal);
    const rest = url.view ? url.rest : [];
    const first = rest[0];
    // The URL's own ref needs no listing to split off when it is absent, HEAD or a commit id.
    const plainFirst = first === undefined || first === 'HEAD' || isCommitId(first);
    const pinned = exactRef ?? first;
    if (pinned !== undefined && isCommitId(pinned) && (exactRef === undefined || plainFirst)) {
      return { kind: 'commit', ref: pinned, commit: pinned, path: rest.slice(1) };
    }

    const wantsHead =
      exactRef === undefined ? first === undefined || first === 'HEAD' : exactRef === 'HEAD';
    let refs = state.refs;
    let listedNow = false;
    const list = async () => {
      refs = await listRemote(state, request, wantsHead);
      state.refs = refs;
      listedNow = true;
      if (refs.head) state.knownRefs.add(refs.head);
      return refs;
    };
    if (
      !refs ||
      request.fresh ||
      Date.now() - refs.at > limits.fetchCacheMs ||
      (wantsHead && refs.head === undefined)
    ) {
      refs = await list();
    }

    const resolve = (current: RemoteRefs): Located | string => {
      let path = rest.slice(1);
      let name = first === 'HEAD' ? undefined : first;
      if (!plainFirst) {
        const split = splitRef(rest, ref => current.heads.has(ref) || current.tags.has(ref));
        if (!split) {
          return `No branch or tag ${JSON.stringify(rest[0])}${rest.length > 1 ? ` (nor any longer one from ${JSON.stringify(rest.join('/'))})` : ''} in ${url.repository.id}`;
        }
        ({ ref: name, path } = split);
      }
      if (exactRef !== undefined) name = exactRef === 'HEAD' ? undefined : exactRef;
      if (name === undefined) {
        if (!current.head) {
          return `Repository ${url.repository.id} is empty (it has no default branch)`;
        }
        return {
          kind: 'heads',
          ref: current.head,
          commit: current.heads.get(current.head) ?? '',
          path,
        };
      }
      if (isCommitId(name)) return { kind: 'commit', ref: name, commit: name, path };
      const kind = current.heads.has(name) ? 'heads' : current.tags.has(name) ? 'tags' : undefined;
      if (!kind) return `No branch or tag ${JSON.stringify(name)} in ${url.repository.id}`;
      const commit = (kind === 'heads' ? current.heads : current.tags).get(name) ?? '';
      return { kind, ref: name, commit, path };
    };
    let found = resolve(refs);
    if (typeof found === 'string' && !listedNow) found = resolve(await list());
    if (typeof found === 'string') throw new NotFoundError(found);
    return found;
  };

  /** Makes sure a commit is complete in the local repository, fetching it (or its ref) if not. */
  const ensureCommit = async (
    state: RepositoryState,
    request: GitReadRequest,
    found: Located,
  ): Promise<string> => {
    if (await hasCommit(state, found.commit, request.signal)) return found.commit;
    if (found.kind === 'commit') {
      const commit = await fetch(state, request, found.ref, `refs/callboard/commits/${found.ref}`);
      if (commit !== found.ref) {
        throw new InputError(`${found.ref} in ${request.url.repository.id} is not a commit`);
      }
      return commit;
    }
    const localRef = localRefName(found.kind, found.ref);
    const commit = await fetch(state, request, `refs/${found.kind}/${found.ref}`, localRef);
    (found.kind === 'heads' ? state.refs?.heads : state.refs?.tags)?.set(found.ref, commit);
    return commit;
  };

  /**
   * Resolves the URL's ref (or `exactRef`) to a commit present in the local repository, fetching
   * when needed. Runs alone per repository.
   */
  const checkout = async (
    state: RepositoryState,
    request: GitReadRequest,
    exactRef?: string,
  ): Promise<{ ref: string; commit: string; path: string[] }> => {
    const found = await locate(state, request, exactRef);
    const commit = await ensureCommit(state, request, found);
    if (found.kind !== 'commit') state.knownRefs.add(found.ref);
    return { ref: found.ref, commit, path: found.path };
  };

  const lsTree = async (
    state: RepositoryState,
    signal: AbortSignal,
    commit: string,
    paths: string[],
    recursive: boolean,
  ): Promise<TreeEntry[]> => {
    const args = ['ls-tree', '-l', '-z', ...(recursive ? ['-r'] : []), commit, '--', ...paths];
    const output = await git(state, args, { signal, maxOutputBytes: 256 * 1024 * 1024 });
    const entries: TreeEntry[] = [];
    for (const record of output.toString('utf8').split('\0')) {
      const match = /^(\d+) (\w+) ([0-9a-f]+) +(-|\d+)\t([\s\S]*)$/.exec(record);
      if (!match) continue;
      const [, mode = '', type = '', oid = '', size = '-', path = ''] = match;
      entries.push({ mode, type, oid, size: size === '-' ? undefined : Number(size), path });
    }
    return entries;
  };

  const catFiles = async (state: RepositoryState, signal: AbortSignal, entries: TreeEntry[]) => {
    if (entries.length === 0) return [];
    const total = entries.reduce((sum, entry) => sum + (entry.size ?? 0) + 64, 0);
    const output = await git(state, ['cat-file', '--batch'], {
      signal,
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
  };

  const checkSize = (entry: TreeEntry, location: string) => {
    if ((entry.size ?? 0) > limits.maxFileBytes) {
      throw new InputError(
        `${location} is ${entry.size} bytes, over the limit of ${limits.maxFileBytes} bytes (catalog.reading.maxFileBytes)`,
      );
    }
  };

  const readSingle = async (
    state: RepositoryState,
    request: GitReadRequest,
    ref: string,
    commit: string,
    path: string,
  ): Promise<ReadFile> => {
    const { repository } = request.url;
    const at = describeAt(repository, ref, commit);
    let entry: TreeEntry | undefined;
    if (path !== '') {
      [entry] = await lsTree(state, request.signal, commit, [path], false);
      if (entry?.path !== path) entry = undefined;
    }
    if (path === '' || entry?.type === 'tree') {
      const file = path === '' ? entityFileName : `${path}/${entityFileName}`;
      [entry] = await lsTree(state, request.signal, commit, [file], false);
      if (entry?.path !== file) {
        throw new MissingDescriptorError(
          `There is no ${entityFileName} in the folder /${path} ${at} — add one, or enter the URL of the descriptor file`,
        );
      }
    }
    if (!entry) throw new NotFoundError(`There is no file /${path} ${at}`);
    const location = blobUrl(repository, ref, entry.path);
    if (entry.mode === '120000') {
      throw new InputError(`${location} is a symbolic link, which the reader does not follow`);
    }
    if (entry.type !== 'blob') {
      throw new InputError(`${location} is not a file (it is a ${entry.type})`);
    }
    checkSize(entry, location);
    const [content = Buffer.alloc(0)] = await catFiles(state, request.signal, [entry]);
    return { location: { type: 'url', target: location }, content };
  };

  const readGlob = async (
    state: RepositoryState,
    request: GitReadRequest,
    ref: string,
    commit: string,
    segments: string[],
  ): Promise<ReadFile[]> => {
    const { repository } = request.url;
    const pattern = segments.join('/');
    const { base } = globBase(segments);
    const matcher = picomatch(pattern, { dot: request.dot ?? false });
    const listed = await lsTree(
      state,
      request.signal,
      commit,
      base.length ? [base.join('/')] : [],
      true,
    );
    const matches = listed
      .filter(entry => entry.type === 'blob' && entry.mode !== '120000' && matcher(entry.path))
      .sort((a, b) => comparePaths(a.path, b.path));
    if (matches.length > limits.maxFiles) {
      throw new InputError(
        `The glob ${pattern} matches ${matches.length} files in ${repository.id}, more than ${limits.maxFiles} (catalog.reading.maxFiles)`,
      );
    }
    for (const entry of matches) checkSize(entry, blobUrl(repository, ref, entry.path));
    const contents = await catFiles(state, request.signal, matches);
    return matches.map((entry, index) => ({
      location: { type: 'url', target: blobUrl(repository, ref, entry.path) },
      content: contents[index] ?? Buffer.alloc(0),
    }));
  };

  /** Every selected file under a folder of a commit, sized before any content is read. */
  const readFolder = async (
    state: RepositoryState,
    request: GitReadRequest,
    at: { ref: string; commit: string },
    folder: string,
    selection: TreeSelection,
  ): Promise<TreeFile[]> => {
    const { repository } = request.url;
    const { ref, commit } = at;
    const where = describeAt(repository, ref, commit);
    if (folder !== '') {
      const [entry] = await lsTree(state, request.signal, commit, [folder], false);
      if (entry?.path !== folder) throw new NotFoundError(`There is no folder /${folder} ${where}`);
      if (entry.type !== 'tree') {
        throw new InputError(`${blobUrl(repository, ref, folder)} is not a folder`);
      }
    }
    const prefix = folder === '' ? '' : `${folder}/`;
    const listed = await lsTree(state, request.signal, commit, folder === '' ? [] : [folder], true);
    const matches = treeMatcher(selection);
    const selected = listed
      .filter(entry => entry.type === 'blob' && entry.mode !== '120000')
      .map(entry => ({ entry, path: entry.path.slice(prefix.length) }))
      .filter(({ path }) => matches(path))
      .sort((a, b) => comparePaths(a.path, b.path));
    checkTreeLimits({
      what: `The folder /${folder} ${where}`,
      files: selected.map(({ entry }) => ({
        location: blobUrl(repository, ref, entry.path),
        size: entry.size ?? 0,
      })),
      limits,
      ...(selection.maxBytes === undefined ? {} : { maxBytes: selection.maxBytes }),
    });
    const contents = await catFiles(
      state,
      request.signal,
      selected.map(({ entry }) => entry),
    );
    return selected.map(({ entry, path }, index) => ({
      path,
      location: { type: 'url', target: blobUrl(repository, ref, entry.path) },
      content: contents[index] ?? Buffer.alloc(0),
    }));
  };

  /** The remote's tags, from the cached listing when it is recent enough. */
  const tagsOf = async (state: RepositoryState, request: GitReadRequest) => {
    await open(state, request.signal);
    let refs = state.refs;
    if (!refs || request.fresh || Date.now() - refs.at > limits.fetchCacheMs) {
      refs = await listRemote(state, request, false);
      state.refs = refs;
    }
    return [...refs.tags]
      .map(([name, commit]): RepositoryTag => {
        const tagObject = refs.tagObjects.get(name);
        return tagObject ? { name, commit, tagObject } : { name, commit };
      })
      .sort((a, b) => comparePaths(a.name, b.name));
  };

  /** Runs a task on a repository's state, alone in that repository. */
  const inRepository = async <T>(
    request: GitReadRequest,
    task: (state: RepositoryState) => Promise<T>,
  ): Promise<{ state: RepositoryState; result: T }> => {
    const { repository } = request.url;
    const state = await stateFor(repository);
    settled.set(repository.id, state);
    const result = await mutex.run(repository.id, request.signal, () =>
      task(state).catch((error: unknown) => {
        if (request.signal.aborted) state.dirty = true;
        throw error;
      }),
    );
    return { state, result };
  };

  const maybeCollectGarbage = (state: RepositoryState, repository: GitRepository) => {
    if (state.fetchesSinceGc < gcEvery) return;
    state.fetchesSinceGc = 0;
    const signal = AbortSignal.any([options.closing, AbortSignal.timeout(10 * 60_000)]);
    const task = mutex
      .run(repository.id, signal, async () => {
        await removeStaleLocks(state);
        await git(state, ['gc', '--auto', '--quiet'], { signal }).catch(error => {
          state.dirty = true;
          throw error;
        });
      })
      .catch((error: unknown) => {
        if (!options.closing.aborted) {
          options.logger.warn({ repository: repository.id, err: error }, 'git gc failed');
        }
      })
      .finally(() => background.delete(task));
    background.add(task);
  };

  return {
    async read(request) {
      const { repository } = request.url;
      const {
        state,
        result: { ref, commit, path },
      } = await inRepository(request, state => checkout(state, request));
      maybeCollectGarbage(state, repository);
      const pathText = repositoryPath(path, request.href);
      if (isGlob(pathText)) {
        if (request.single) {
          throw new InputError(`${request.href} is a glob; only one file can be read here`);
        }
        return { files: await readGlob(state, request, ref, commit, path), version: commit };
      }
      const file = await readSingle(state, request, ref, commit, pathText);
      return { files: [file], version: commit };
    },

    async readTree(request, selection) {
      const { repository } = request.url;
      const {
        state,
        result: { ref, commit, path },
      } = await inRepository(request, state => checkout(state, request, selection.ref));
      maybeCollectGarbage(state, repository);
      const folder = repositoryPath(path, request.href);
      if (isGlob(folder)) {
        throw new InputError(
          `${request.href} is a glob; read a folder and select files with globs`,
        );
      }
      const files = await readFolder(state, request, { ref, commit }, folder, selection);
      return { files, version: commit, commit };
    },

    async resolveCommit(request, ref) {
      const { result } = await inRepository(request, state => locate(state, request, ref));
      return result.commit;
    },

    async listTags(request) {
      return (await inRepository(request, state => tagsOf(state, request))).result;
    },

    splitKnownRef(repository, rest) {
      const state = settled.get(repository.id);
      if (rest.length === 0) return { ref: state?.refs?.head ?? 'HEAD', path: [] };
      const split = splitRef(rest, name => state?.knownRefs.has(name) ?? false);
      return split ?? { ref: rest[0] ?? 'HEAD', path: rest.slice(1) };
    },

    async close() {
      await Promise.allSettled([...background]);
    },
  };
}
