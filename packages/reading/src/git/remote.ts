import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import { GitCommandError } from '@callboard/git';
import {
  forgeRefused,
  gitTransportFailure,
  notAGitRepository,
  repositoryNotFound,
} from '../readingErrors';
import {
  gitIn,
  removeStaleLocks,
  type GitReadRequest,
  type GitReaderDeps,
  type RemoteRefs,
  type RepositoryState,
} from './repositories';

/** Network commands carry the auth header and the addresses that passed the checks. */
export function remoteConfig(request: GitReadRequest): Array<[string, string]> {
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
}

/** A failed network git command as a typed error with a sentence; anything else as it was. */
export function remoteFailure(error: unknown, request: GitReadRequest, what: string): unknown {
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
}

/** Parses `git ls-remote [--symref]` output; `withHead`: the listing asked for HEAD. */
export function parseRemoteRefs(output: string, withHead: boolean, at: number): RemoteRefs {
  const refs: RemoteRefs = { at, heads: new Map(), tags: new Map(), tagObjects: new Map() };
  const peeled = new Map<string, string>();
  if (withHead) refs.head = null;
  for (const line of output.split('\n')) {
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
}

/** Lists the remote's branches and tags (and its default branch `withHead`). */
export async function listRemote(
  deps: GitReaderDeps,
  state: RepositoryState,
  request: GitReadRequest,
  withHead: boolean,
): Promise<RemoteRefs> {
  const { repository } = request.url;
  // Asking for HEAD means listing every ref (ls-remote filters patterns on the client);
  // otherwise the server sends only branches and tags (protocol v2 ref prefixes).
  const args = withHead
    ? ['ls-remote', '--symref', repository.cloneUrl]
    : ['ls-remote', '--heads', '--tags', repository.cloneUrl];
  let output: Buffer;
  try {
    output = await gitIn(deps, state, args, {
      signal: request.signal,
      config: remoteConfig(request),
      secrets: request.host.secrets,
      maxOutputBytes: 64 * 1024 * 1024,
    });
  } catch (error) {
    throw remoteFailure(error, request, 'list the refs of');
  }
  return parseRemoteRefs(output.toString('utf8'), withHead, Date.now());
}

export function localRefName(kind: 'heads' | 'tags', name: string): string {
  // Hex keeps local ref names flat: branches `a` and `a/b` (at different times) never clash.
  return `refs/callboard/${kind}/${Buffer.from(name, 'utf8').toString('hex')}`;
}

const missingRef = /not our ref|couldn't find remote ref|no such remote ref|unadvertised object/i;

/** Fetches one ref or commit (depth 1) into `localRef`; returns the commit fetched. */
export async function fetchRef(
  deps: GitReaderDeps,
  state: RepositoryState,
  request: GitReadRequest,
  source: string,
  localRef: string,
): Promise<string> {
  await removeStaleLocks(state);
  const started = Date.now();
  const { repository } = request.url;
  try {
    await gitIn(
      deps,
      state,
      [
        'fetch',
        '--quiet',
        '--depth=1',
        '--no-tags',
        '--no-write-fetch-head',
        '--no-auto-gc',
        '--no-recurse-submodules',
        repository.cloneUrl,
        `+${source}:${localRef}`,
      ],
      { signal: request.signal, config: remoteConfig(request), secrets: request.host.secrets },
    );
  } catch (error) {
    state.dirty = true;
    if (error instanceof GitCommandError && missingRef.test(error.stderr)) {
      throw new NotFoundError(`${source} was not found in ${repository.id}`);
    }
    throw remoteFailure(error, request, 'fetch');
  }
  const args = ['rev-parse', '--verify', '--quiet', `${localRef}^{commit}`];
  const commit = (await gitIn(deps, state, args, { signal: request.signal }))
    .toString('utf8')
    .trim();
  state.commits.add(commit);
  state.fetchesSinceGc++;
  deps.logger.debug(
    { repository: repository.id, ref: source, commit, ms: Date.now() - started },
    'fetched a repository',
  );
  return commit;
}
