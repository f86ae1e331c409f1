/**
 * Where `publish:git` puts a new repository. Each configured entry of `scaffolder.targets` is one
 * target, picked by the host in the `RepoUrlPicker` value (`host?owner=…&repo=…`). A forge API
 * target (`publish:github` creating the repository first) fits the same shape: `prepare` creates
 * the remote repository and answers where to push.
 */
export interface PublishTarget {
  /** The host users pick (`local`, `git.example.com`). */
  host: string;
  title: string;
  type: 'folder' | 'git';
  allowedOwners?: string[];
  /**
   * Makes sure the repository can receive the first push (creates a bare repository for a folder
   * target) and answers where to push and where the result can be seen. Throws `ConflictError`
   * when the repository already has commits, `InputError` for a name that is not allowed.
   */
  prepare(request: PublishRequest): Promise<PreparedRepository>;
}

export interface PublishRequest {
  owner: string;
  repo: string;
  defaultBranch: string;
  signal: AbortSignal;
  /**
   * A token from the step (`publish:git`'s `token`, usually the user's own): pushes with it
   * instead of the integration's. A folder target needs none and ignores it.
   */
  token?: string;
}

export interface PreparedRepository {
  /** What `git push` is given (may be a local path for folder targets). */
  pushUrl: string;
  /** Extra `git -c` settings for the push (auth header); their values are secrets. */
  pushConfig: Array<[string, string]>;
  /** Values to mask in logs and error messages. */
  secrets: string[];
  /** The clone URL people and the catalog use: output `remoteUrl`. */
  remoteUrl: string;
  /** `…/blob/<branch>` of the new repository: output `repoContentsUrl`, read by catalog:register. */
  repoContentsUrl: string;
}
