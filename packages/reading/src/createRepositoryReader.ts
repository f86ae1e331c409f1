import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Logger } from 'pino';
import { InputError } from '@callboard/plugin-api/common';
import type {
  RepositoryReader,
  FileAnnotations,
  LocationSpec,
  ReadFile,
  ReadOptions,
  ReadResult,
  ReadTreeResult,
} from '@callboard/plugin-api/backend';
import { withDeadline } from './deadline';
import { checkFileTarget, createFileReader } from './fileReader';
import { createGitReader, type GitReadRequest } from './gitReader';
import { blobUrl, editUrl, parseGitUrl, toHttpUrl, treeUrl, type GitUrl } from './gitUrls';
import { isGlob } from './globs';
import { createHostPolicy, type GitHost, type ResolvedHost } from './hostPolicy';
import { createHttpReader, displayUrl } from './httpReader';
import type { ReadingConfig } from './readingConfig';
import { UnsupportedReadError } from './readingErrors';

export interface RepositoryReaderOptions {
  /** From `readReadingConfig(rootConfig)` (or `readingConfigSchema.parse(…)` in tests). */
  config: ReadingConfig;
  logger: Logger;
  /**
   * A directory the reader owns for its bare repositories. Default: a fresh directory under
   * `os.tmpdir()`, removed by `close()`. A given directory is kept, and the next process reuses
   * the commits in it (one process per directory).
   */
  cacheDir?: string;
}

type Target =
  | { kind: 'git'; url: URL; git: GitUrl; host: GitHost }
  | { kind: 'http'; url: URL }
  | { kind: 'file'; path: string };

/** A git target whose host passed the allow-list and address checks, with the read's signal. */
interface GitTarget {
  target: Target & { kind: 'git' };
  resolved: ResolvedHost;
  signal: AbortSignal;
}

const entityFileName = 'catalog-info.yaml';

function parseUrl(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new InputError(`${JSON.stringify(target)} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`Only http and https URLs can be read, not ${url.protocol} (${target})`);
  }
  if (url.username || url.password) {
    throw new InputError(
      `URLs with credentials are not accepted (${url.host}); configure the host under integrations instead`,
    );
  }
  return url;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new InputError(`Malformed percent-encoding in ${path}`);
  }
}

/** Reads catalog files from git repositories, plain http(s) URLs and (config-only) files. */
export function createRepositoryReader(options: RepositoryReaderOptions): RepositoryReader {
  const { config, logger } = options;
  const policy = createHostPolicy(config);
  const closing = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  let cacheDir: Promise<string> | undefined;
  const ownDir = () =>
    (cacheDir ??= options.cacheDir
      ? mkdir(options.cacheDir, { recursive: true }).then(() => resolve(options.cacheDir ?? ''))
      : mkdtemp(join(tmpdir(), 'callboard-catalog-reader-')));
  const git = createGitReader({
    config,
    logger: logger.child({ component: 'catalog-reader' }),
    dir: ownDir,
    closing: closing.signal,
  });
  const http = createHttpReader({ config, policy });
  const files = createFileReader({ config });

  const classify = (location: LocationSpec): Target => {
    if (location.type === 'file') return { kind: 'file', path: checkFileTarget(location.target) };
    if (location.type !== 'url') {
      throw new InputError(`Unsupported location type ${JSON.stringify(location.type)}`);
    }
    const url = parseUrl(location.target);
    const host = policy.gitHostFor(url);
    if (host) return { kind: 'git', url, git: parseGitUrl(url, host.kind), host };
    if (isGlob(safeDecode(url.pathname))) {
      throw new InputError(
        `${displayUrl(url)} is a glob, but globs work only in git repositories (integrations) and files`,
      );
    }
    return { kind: 'http', url };
  };

  const describe = (target: Target) =>
    target.kind === 'file' ? `Reading ${target.path}` : `Reading ${displayUrl(target.url)}`;

  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    void promise.then(
      () => inFlight.delete(promise),
      () => inFlight.delete(promise),
    );
    return promise;
  };

  /**
   * Runs a task on a classified location within the reader's deadline, tracked so `close()`
   * waits for it. A git target's host passes the allow-list and address checks first.
   */
  const run = <T>(
    location: LocationSpec,
    signal: AbortSignal | undefined,
    task: (target: Target, signal: AbortSignal, gitRequest: () => Promise<GitTarget>) => Promise<T>,
  ): Promise<T> => {
    if (closed) return Promise.reject(new Error('The catalog reader is closed'));
    return track(
      (async () => {
        const target = classify(location);
        return withDeadline(
          describe(target),
          config.limits.timeoutMs,
          [signal, closing.signal],
          deadline =>
            task(target, deadline, async () => {
              if (target.kind !== 'git') throw new Error('Not a git location');
              const resolved = await policy.check(target.url, deadline);
              return { target, resolved, signal: deadline };
            }),
        );
      })(),
    );
  };

  /** What the git reader needs for a request, from a checked git target. */
  const gitRequest = (
    { target, resolved, signal }: GitTarget,
    options: { fresh?: boolean; single?: boolean; dot?: boolean },
  ): GitReadRequest => ({
    url: target.git,
    href: displayUrl(target.url),
    host: target.host,
    resolved,
    signal,
    fresh: options.fresh ?? false,
    single: options.single ?? false,
    dot: options.dot ?? false,
  });

  const read = (
    location: LocationSpec,
    readOptions: ReadOptions | undefined,
    single: boolean,
  ): Promise<ReadResult> =>
    run(location, readOptions?.signal, async (target, signal, checked) => {
      if (target.kind === 'file') {
        return files.read(target.path, { signal, single, dot: readOptions?.dot ?? false });
      }
      if (target.kind === 'http') return http.read(target.url, signal);
      return git.read(gitRequest(await checked(), { ...readOptions, single }));
    });

  /** A plain http(s) URL cannot answer `what`: say why, and what could. */
  const unsupported = (target: Target & { kind: 'http' }, what: string) =>
    new UnsupportedReadError(
      `${displayUrl(target.url)} is a plain URL, not a git repository: ${what} needs a git host configured under integrations (or a file folder)`,
    );

  /** The view, ref and path of a git URL; the ref split with the refs the reader has seen. */
  const gitFile = (parsed: GitUrl) => {
    const { ref, path } = git.splitKnownRef(parsed.repository, parsed.rest);
    return parsed.view
      ? { view: parsed.view, ref, path }
      : { view: 'blob' as const, ref, path: [entityFileName] };
  };

  return {
    async assertReadable(location) {
      const target = classify(location);
      if (target.kind === 'file') return;
      await withDeadline(
        `Resolving ${target.url.host}`,
        config.limits.timeoutMs,
        [closing.signal],
        signal => policy.check(target.url, signal),
      );
    },

    readLocation(location, readOptions) {
      return read(location, readOptions, false);
    },

    readTree(location, treeOptions = {}): Promise<ReadTreeResult> {
      const { ref, globs, paths, maxBytes, fresh, signal } = treeOptions;
      const selection = {
        ...(globs ? { globs } : {}),
        ...(paths ? { paths } : {}),
        ...(maxBytes === undefined ? {} : { maxBytes }),
      };
      return run(location, signal, async (target, deadline, checked) => {
        if (target.kind === 'file') {
          if (ref !== undefined) {
            throw new UnsupportedReadError(`A file folder has no refs (${target.path} at ${ref})`);
          }
          return files.readTree(target.path, { signal: deadline, selection });
        }
        if (target.kind === 'http') throw unsupported(target, 'reading a folder');
        const request = gitRequest(await checked(), { fresh: fresh ?? false });
        return git.readTree(request, { ...selection, ...(ref === undefined ? {} : { ref }) });
      });
    },

    resolveCommit(location, commitOptions = {}) {
      const { ref, fresh, signal } = commitOptions;
      return run(location, signal, async (target, deadline, checked) => {
        if (target.kind === 'file') {
          if (ref !== undefined) {
            throw new UnsupportedReadError(
              `A file location has no refs (${target.path} at ${ref})`,
            );
          }
          return files.versionOf(target.path, { signal: deadline });
        }
        if (target.kind === 'http') throw unsupported(target, 'resolving a commit');
        return git.resolveCommit(gitRequest(await checked(), { fresh: fresh ?? false }), ref);
      });
    },

    listTags(location, tagOptions = {}) {
      return run(location, tagOptions.signal, async (target, _deadline, checked) => {
        if (target.kind === 'file') {
          throw new UnsupportedReadError(`A file location has no tags (${target.path})`);
        }
        if (target.kind === 'http') throw unsupported(target, 'listing tags');
        return git.listTags(gitRequest(await checked(), { fresh: tagOptions.fresh ?? false }));
      });
    },

    async readFile(location, readOptions): Promise<ReadFile> {
      const { files: [file] = [] } = await read(location, readOptions, true);
      if (!file) throw new Error(`Reading ${location.target} returned no file`);
      return file;
    },

    resolveTarget(base, target, resolveOptions = {}) {
      const text = target.trim();
      if (text === '') throw new InputError('A location target must not be empty');
      if (/^[a-z][a-z\d+.-]*:\/\//i.test(text)) {
        parseUrl(text);
        return { type: 'url', target: text };
      }
      if (base.type === 'file') {
        if (isAbsolute(text)) return { type: 'file', target: checkFileTarget(text) };
        const resolved = resolve(dirname(base.target), text);
        const root = resolveOptions.root;
        if (root !== undefined) {
          const inside = relative(resolve(root), resolved);
          if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
            throw new InputError(
              `The target ${JSON.stringify(text)} in ${base.target} leaves the folder ${root}`,
            );
          }
        }
        return { type: 'file', target: resolved };
      }
      const baseUrl = parseUrl(base.target);
      const host = policy.gitHostFor(baseUrl);
      if (!host) return { type: 'url', target: new URL(text, baseUrl).href };
      const parsed = parseGitUrl(baseUrl, host.kind);
      const { view, ref, path } = gitFile(parsed);
      const folder = view === 'tree' ? path : path.slice(0, -1);
      const segments = text.startsWith('/') ? [] : [...folder];
      for (const segment of text.split('/')) {
        if (segment === '' || segment === '.') continue;
        if (segment === '..') {
          if (segments.length === 0) {
            throw new InputError(
              `The target ${JSON.stringify(text)} in ${base.target} leaves the repository ${parsed.repository.id}`,
            );
          }
          segments.pop();
        } else {
          segments.push(segment);
        }
      }
      const joined = segments.join('/');
      const folderTarget = text.endsWith('/') || segments.length === 0;
      return {
        type: 'url',
        target: folderTarget
          ? treeUrl(parsed.repository, ref, joined)
          : blobUrl(parsed.repository, ref, joined),
      };
    },

    annotationsFor(file): FileAnnotations {
      if (file.type === 'file') return { sourceLocation: `file:${dirname(file.target)}/` };
      let url: URL;
      try {
        url = parseUrl(file.target);
      } catch {
        return {};
      }
      const host = policy.gitHostFor(url);
      if (!host) {
        return { viewUrl: url.href, sourceLocation: `url:${new URL('./', url).href}` };
      }
      let parsed: GitUrl;
      try {
        parsed = parseGitUrl(url, host.kind);
      } catch {
        return {};
      }
      const { view, ref, path } = gitFile(parsed);
      const { repository } = parsed;
      const joined = path.join('/');
      if (!host.browsable) {
        // No page to view on a plain git host; the source location stays, for tools to read.
        const folder = view === 'tree' ? joined : path.slice(0, -1).join('/');
        return { sourceLocation: `url:${treeUrl(repository, ref, folder)}` };
      }
      if (view === 'tree') {
        const tree = treeUrl(repository, ref, joined);
        return { viewUrl: tree, sourceLocation: `url:${tree}` };
      }
      const edit = editUrl(repository, ref, joined);
      return {
        viewUrl: blobUrl(repository, ref, joined),
        ...(edit ? { editUrl: edit } : {}),
        sourceLocation: `url:${treeUrl(repository, ref, path.slice(0, -1).join('/'))}`,
      };
    },

    repositoryOf(value) {
      const url = toHttpUrl(value);
      if (!url) return undefined;
      const host = policy.gitHostFor(url);
      if (!host) return undefined;
      let parsed: GitUrl;
      try {
        parsed = parseGitUrl(url, host.kind);
      } catch {
        return undefined;
      }
      if (!parsed.view) return { repository: parsed.repository.id };
      const { ref } = git.splitKnownRef(parsed.repository, parsed.rest);
      return { repository: parsed.repository.id, ref };
    },

    async close() {
      if (closed) return;
      closed = true;
      closing.abort(new Error('The catalog reader was closed'));
      await Promise.allSettled([...inFlight]);
      await git.close();
      if (!options.cacheDir && cacheDir) {
        const dir = await cacheDir.catch(() => undefined);
        if (dir) await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
