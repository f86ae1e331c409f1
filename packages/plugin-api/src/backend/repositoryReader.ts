/**
 * How a plugin reads repositories (`context.reader`, implemented by @callboard/reading). A plugin
 * never touches git, HTTP or the file system for a repository itself: it asks this interface,
 * which picks the reader by URL
 * (a git repository on a forge or any smart-HTTP git host, a plain http(s) file, a local file
 * from config), enforces the allow-list, timeouts and size limits, and caches checkouts.
 */

/** Where to read: a `url` (http/https) or a `file` (absolute path; from config only). */
export interface LocationSpec {
  type: 'url' | 'file';
  target: string;
}

/** One file that was read. */
export interface ReadFile {
  /**
   * The file's own canonical location, of the same type as the one read: for a git repository,
   * the forge's browse URL of the file (`…/blob/<ref>/<path>`), so annotations and relative
   * targets resolve against it; for a plain URL, the URL; for a file, its absolute path.
   */
  location: LocationSpec;
  content: Buffer;
}

export interface ReadResult {
  /** The file, or every file a glob matched, in a stable (sorted) order. */
  files: ReadFile[];
  /**
   * Identifies the version read: the commit id for git, the ETag for plain URLs (absent when the
   * server sends none), `sha256:<hex>` of paths and contents for files. Equal versions mean equal
   * files.
   */
  version?: string;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /**
   * Bypass the short-lived cache and ask the origin again (a refresh or a push webhook asked for
   * this location). Without it, a checkout fetched a few seconds ago may be reused.
   */
  fresh?: boolean;
  /**
   * Globs match dotfiles and dot folders too (`.gitignore`, `.github/…`): the scaffolder reads
   * whole skeleton folders. Default false, as the catalog never wants them.
   */
  dot?: boolean;
}

export interface FileAnnotations {
  /** `backstage.io/view-url`: where a person views the file. */
  viewUrl?: string;
  /** `backstage.io/edit-url`: where a person edits it (forges only; never for a pinned commit). */
  editUrl?: string;
  /** `backstage.io/source-location`: `url:<folder URL>/` or `file:<folder>/`. */
  sourceLocation?: string;
}

export interface ReadTreeOptions {
  /**
   * The branch, tag or commit id to read. Default: the ref the URL names (`…/tree/<ref>/<dir>`),
   * else the default branch. The folder stays the one the URL names.
   */
  ref?: string;
  /** Only files matching one of these globs, relative to the folder (dotfiles included). */
  globs?: string[];
  /** Only these files, or files under these folders, relative to the folder. */
  paths?: string[];
  /**
   * Refuse the read (`InputError`) when the selected files hold more bytes together, before their
   * contents are fetched where the protocol allows. `catalog.reading.maxFileBytes` and `maxFiles`
   * apply as well.
   */
  maxBytes?: number;
  signal?: AbortSignal;
  /** As in `ReadOptions`: ask the origin again instead of reusing a recent listing. */
  fresh?: boolean;
}

/** One file of a tree. */
export interface TreeFile extends ReadFile {
  /** The file's path relative to the folder read, with `/` separators. */
  path: string;
}

export interface ReadTreeResult {
  /** Every file under the folder (symbolic links and submodules left out), sorted by path. */
  files: TreeFile[];
  /** As in `ReadResult`: the commit id for git, `sha256:<hex>` of paths and contents for files. */
  version: string;
  /** The commit read, for git. */
  commit?: string;
}

/** A tag of a git repository. */
export interface RepositoryTag {
  name: string;
  /** The commit the tag points at (peeled through an annotated tag object). */
  commit: string;
  /** The tag object's id, for an annotated tag only. */
  tagObject?: string;
}

export interface RepositoryReader {
  /**
   * Throws a typed error when the location can never be read here, before any network I/O except
   * DNS: `InputError` for an unsupported or malformed target, `NotAllowedError` for a host that is
   * not allowed (loopback and private addresses need `backend.reading.allow`).
   */
  assertReadable(location: LocationSpec): Promise<void>;

  /**
   * Reads a location target: a single file, or every file a glob (`*`, `**`, `{a,b}`) matches.
   * A repository URL with no path means its root `catalog-info.yaml` on the default branch; a
   * folder URL (`…/tree/<ref>/<dir>`) means `<dir>/catalog-info.yaml`. A missing single file is a
   * `NotFoundError`; a glob matching nothing returns no files. Errors are typed
   * (`NotFoundError`, `NotAllowedError` — also when a git host refuses the configured credentials,
   * `InputError` for a file over the size limit or a glob over `maxFiles`, or a plain `Error`
   * naming the timeout / network failure).
   */
  readLocation(location: LocationSpec, options?: ReadOptions): Promise<ReadResult>;

  /**
   * Resolves a relative or absolute target written in `base` (a nested Location's `target`, a
   * `$text` placeholder) to a location: relative paths resolve against the file's folder, inside
   * the same repository and ref for git. Throws `InputError` when a relative path leaves the
   * repository (or, for files, the folder `root`).
   */
  resolveTarget(base: LocationSpec, target: string, options?: { root?: string }): LocationSpec;

  /** Reads exactly one file (placeholders); same errors as `readLocation`, and no globs. */
  readFile(location: LocationSpec, options?: ReadOptions): Promise<ReadFile>;

  /**
   * Reads every file under a folder: a git repository URL (its root) or folder URL
   * (`…/tree/<ref>/<dir>`) at a ref, or a `file` folder. Same checks, limits and errors as
   * `readLocation`; a ref or folder that does not exist is a `NotFoundError`, a plain http(s) URL
   * an `InputError` (a plain web server has no folders to list).
   */
  readTree(location: LocationSpec, options?: ReadTreeOptions): Promise<ReadTreeResult>;

  /**
   * The commit id a branch, tag or commit names (`options.ref`, else the URL's ref, else the
   * default branch), from the ref listing alone: no file is fetched. A commit id is returned as
   * given. For a `file` folder, its `sha256:` version (as `readTree`); a plain http(s) URL is an
   * `InputError`. An unknown ref is a `NotFoundError`.
   */
  resolveCommit(
    location: LocationSpec,
    options?: { ref?: string; signal?: AbortSignal; fresh?: boolean },
  ): Promise<string>;

  /**
   * Every tag of a git repository, sorted by name, from the ref listing alone. Anything but a git
   * repository URL is an `InputError`.
   */
  listTags(
    location: LocationSpec,
    options?: { signal?: AbortSignal; fresh?: boolean },
  ): Promise<RepositoryTag[]>;

  /** The view/edit/source annotations for an entity read from this file. */
  annotationsFor(file: LocationSpec): FileAnnotations;

  /**
   * The repository a URL belongs to, normalised so a webhook's repository URL matches it
   * (`https://host/owner/repo`, lower-case host, no `.git`; the whole path lower-case on GitHub
   * and GitLab, whose paths are case-insensitive; `git@host:path` and `ssh://` forms accepted),
   * with the ref when the URL names one. Undefined for plain URLs and files.
   */
  repositoryOf(url: string): { repository: string; ref?: string } | undefined;

  /** Removes checkouts and stops background work. */
  close(): Promise<void>;
}
