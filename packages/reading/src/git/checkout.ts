import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import { isCommitId, splitRef } from '../gitUrls';
import { fetchRef, listRemote, localRefName } from './remote';
import {
  hasCommit,
  openRepository,
  type GitReadRequest,
  type GitReaderDeps,
  type RemoteRefs,
  type RepositoryState,
} from './repositories';

/** A ref resolved to a commit by the remote's listing (or a commit id as given). */
export interface Located {
  kind: 'heads' | 'tags' | 'commit';
  ref: string;
  commit: string;
  /** The path after the ref in the URL. */
  path: string[];
}

/** What a URL (and an optional whole ref name that replaces its own) asks for. */
interface Wanted {
  /** The segments after `blob`/`tree`: the URL's ref and the path. */
  rest: string[];
  /** The URL's ref is absent, `HEAD` or a commit id: it splits off without a listing. */
  plainFirst: boolean;
  exactRef: string | undefined;
  repositoryId: string;
}

/**
 * Finds the wanted ref in a listing: the URL's ref (the longest that names a branch or tag) and
 * the path after it, then `exactRef` in its place when given. A string says what is missing.
 */
export function pickRef(current: RemoteRefs, wanted: Wanted): Located | string {
  const { rest, plainFirst, exactRef, repositoryId } = wanted;
  const first = rest[0];
  let path = rest.slice(1);
  let name = first === 'HEAD' ? undefined : first;
  if (!plainFirst) {
    const split = splitRef(rest, ref => current.heads.has(ref) || current.tags.has(ref));
    if (!split) {
      const longer =
        rest.length > 1 ? ` (nor any longer one from ${JSON.stringify(rest.join('/'))})` : '';
      return `No branch or tag ${JSON.stringify(rest[0])}${longer} in ${repositoryId}`;
    }
    ({ ref: name, path } = split);
  }
  if (exactRef !== undefined) name = exactRef === 'HEAD' ? undefined : exactRef;
  if (name === undefined) {
    if (!current.head) return `Repository ${repositoryId} is empty (it has no default branch)`;
    const commit = current.heads.get(current.head) ?? '';
    return { kind: 'heads', ref: current.head, commit, path };
  }
  if (isCommitId(name)) return { kind: 'commit', ref: name, commit: name, path };
  const kind = current.heads.has(name) ? 'heads' : current.tags.has(name) ? 'tags' : undefined;
  if (!kind) return `No branch or tag ${JSON.stringify(name)} in ${repositoryId}`;
  const commit = (kind === 'heads' ? current.heads : current.tags).get(name) ?? '';
  return { kind, ref: name, commit, path };
}

/** Lists the remote's refs into the state (remembering its default branch). */
async function relist(
  deps: GitReaderDeps,
  state: RepositoryState,
  request: GitReadRequest,
  wantsHead: boolean,
): Promise<RemoteRefs> {
  const refs = await listRemote(deps, state, request, wantsHead);
  state.refs = refs;
  if (refs.head) state.knownRefs.add(refs.head);
  return refs;
}

/** Whether the cached listing can answer: recent enough, not refused, and with HEAD if needed. */
function listingUsable(
  deps: GitReaderDeps,
  refs: RemoteRefs | undefined,
  request: GitReadRequest,
  wantsHead: boolean,
): refs is RemoteRefs {
  return (
    refs !== undefined &&
    !request.fresh &&
    Date.now() - refs.at <= deps.limits.fetchCacheMs &&
    !(wantsHead && refs.head === undefined)
  );
}

/**
 * Which commit the URL's ref (or `exactRef`, a whole ref name) names, from the remote's ref
 * listing (reused within fetchCacheSeconds), and the path after the ref. Fetches nothing.
 */
export async function locate(
  deps: GitReaderDeps,
  state: RepositoryState,
  request: GitReadRequest,
  exactRef?: string,
): Promise<Located> {
  const { url } = request;
  await openRepository(deps, state, request.signal);
  const rest = url.view ? url.rest : [];
  const first = rest[0];
  const plainFirst = first === undefined || first === 'HEAD' || isCommitId(first);
  const pinned = exactRef ?? first;
  if (pinned !== undefined && isCommitId(pinned) && (exactRef === undefined || plainFirst)) {
    return { kind: 'commit', ref: pinned, commit: pinned, path: rest.slice(1) };
  }

  const wantsHead =
    exactRef === undefined ? first === undefined || first === 'HEAD' : exactRef === 'HEAD';
  const wanted: Wanted = { rest, plainFirst, exactRef, repositoryId: url.repository.id };
  const cached = state.refs;
  const usable = listingUsable(deps, cached, request, wantsHead);
  const refs = usable ? cached : await relist(deps, state, request, wantsHead);
  let found = pickRef(refs, wanted);
  // A cached listing may predate the ref: ask once more before saying it does not exist.
  if (typeof found === 'string' && usable) {
    found = pickRef(await relist(deps, state, request, wantsHead), wanted);
  }
  if (typeof found === 'string') throw new NotFoundError(found);
  return found;
}

/** Makes sure a commit is complete in the local repository, fetching it (or its ref) if not. */
export async function ensureCommit(
  deps: GitReaderDeps,
  state: RepositoryState,
  request: GitReadRequest,
  found: Located,
): Promise<string> {
  if (await hasCommit(deps, state, found.commit, request.signal)) return found.commit;
  if (found.kind === 'commit') {
    const localRef = `refs/callboard/commits/${found.ref}`;
    const commit = await fetchRef(deps, state, request, found.ref, localRef);
    if (commit !== found.ref) {
      throw new InputError(`${found.ref} in ${request.url.repository.id} is not a commit`);
    }
    return commit;
  }
  const localRef = localRefName(found.kind, found.ref);
  const commit = await fetchRef(deps, state, request, `refs/${found.kind}/${found.ref}`, localRef);
  (found.kind === 'heads' ? state.refs?.heads : state.refs?.tags)?.set(found.ref, commit);
  return commit;
}

/**
 * Resolves the URL's ref (or `exactRef`) to a commit present in the local repository, fetching
 * when needed. Runs alone per repository (the caller holds its mutex).
 */
export async function checkout(
  deps: GitReaderDeps,
  state: RepositoryState,
  request: GitReadRequest,
  exactRef?: string,
): Promise<{ ref: string; commit: string; path: string[] }> {
  const found = await locate(deps, state, request, exactRef);
  const commit = await ensureCommit(deps, state, request, found);
  if (found.kind !== 'commit') state.knownRefs.add(found.ref);
  return { ref: found.ref, commit, path: found.path };
}
