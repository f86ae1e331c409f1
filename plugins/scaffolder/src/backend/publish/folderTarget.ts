import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, InputError } from '@callboard/plugin-api/common';
import type { PreparedRepository, PublishRequest, PublishTarget } from './PublishTarget';
import { checkAllowedOwner, checkBranchName, checkRepositoryName } from './repositoryNames';
import { runGit } from '@callboard/git';

/** A folder of bare repositories on this machine, served read-only by the git router. */
export interface FolderPublishTarget extends PublishTarget {
  type: 'folder';
  /** Absolute: `<directory>/<owner>/<repo>.git` are the repositories. */
  directory: string;
  /** `<backend.baseUrl>/api/scaffolder/git/<owner>/<repo>.git`: the clone URL. */
  remoteUrlOf(owner: string, repo: string): string;
}

export function isFolderPublishTarget(target: PublishTarget): target is FolderPublishTarget {
  return target.type === 'folder' && typeof (target as FolderPublishTarget).directory === 'string';
}

export interface FolderTargetOptions {
  host: string;
  title: string;
  allowedOwners?: string[];
  /** Absolute. */
  directory: string;
  /** The backend's public URL (`backend.baseUrl`), where the git router serves the repositories. */
  baseUrl: string;
}

/** Where the git router answers (`scaffolderRoutes.gitRepositories` under `/api/scaffolder`). */
export const folderRepositoriesPath = '/api/scaffolder/git';

/** `…/blob/<branch>` with each branch segment encoded (branches may contain `/`). */
export function blobBase(repositoryUrl: string, branch: string): string {
  return `${repositoryUrl}/blob/${branch.split('/').map(encodeURIComponent).join('/')}`;
}

function isAlreadyExists(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EEXIST';
}

/**
 * The embedded default target: `git init --bare` a repository under the folder and push to it
 * by path. The catalog and `git clone` read it back through the backend's own git router.
 */
export function createFolderTarget(options: FolderTargetOptions): FolderPublishTarget {
  const { host, title, allowedOwners, directory } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  // Every command names its repository with --git-dir: the folder may sit inside another
  // repository (`.callboard/` of a Callboard checkout), which discovery would find instead.
  const git = (repository: string, args: string[], signal: AbortSignal) =>
    runGit({ args: [`--git-dir=${repository}`, ...args], cwd: directory, home: directory, signal });

  const assertPublishable = async (
    repository: string,
    name: string,
    branch: string,
    signal: AbortSignal,
  ) => {
    const isBare = await git(repository, ['rev-parse', '--is-bare-repository'], signal)
      .then(out => out.toString().trim() === 'true')
      .catch(() => false);
    if (!isBare) {
      throw new ConflictError(`${name} already exists on ${host} and is not a git repository`);
    }
    const found = await git(
      repository,
      ['for-each-ref', '--format=%(refname)', `refs/heads/${branch}`],
      signal,
    );
    if (found.toString().trim() !== '') {
      throw new ConflictError(
        `The repository ${name} on ${host} already has a branch ${branch}: pick another repository name`,
      );
    }
  };

  const remoteUrlOf = (owner: string, repo: string) =>
    `${baseUrl}${folderRepositoriesPath}/${owner}/${repo}.git`;

  return {
    host,
    title,
    type: 'folder',
    directory,
    remoteUrlOf,
    ...(allowedOwners ? { allowedOwners } : {}),
    async prepare(request: PublishRequest): Promise<PreparedRepository> {
      if (!request.owner) {
        throw new InputError(`Publishing to ${host} needs an owner: add owner= to the repoUrl`);
      }
      const owner = checkRepositoryName('owner', request.owner);
      const repo = checkRepositoryName('repo', request.repo);
      const branch = checkBranchName(request.defaultBranch);
      checkAllowedOwner(owner, allowedOwners, host);

      const ownerDirectory = join(directory, owner);
      const repository = join(ownerDirectory, `${repo}.git`);
      await mkdir(ownerDirectory, { recursive: true });
      // mkdir without `recursive` is the claim: of two tasks creating one repository, one wins.
      let fresh = await mkdir(repository).then(
        () => true,
        (error: unknown) => {
          if (isAlreadyExists(error)) return false;
          throw error;
        },
      );
      // An empty folder is what a crashed `git init` leaves behind: take it.
      if (!fresh && (await readdir(repository)).length === 0) fresh = true;
      if (fresh) {
        await runGit({
          args: ['init', '--bare', '--quiet', `--initial-branch=${branch}`, repository],
          cwd: directory,
          home: directory,
          signal: request.signal,
        });
      } else {
        await assertPublishable(repository, `${owner}/${repo}`, branch, request.signal);
      }

      const remoteUrl = remoteUrlOf(owner, repo);
      return {
        pushUrl: repository,
        pushConfig: [],
        secrets: [],
        remoteUrl,
        repoContentsUrl: blobBase(remoteUrl, branch),
      };
    },
  };
}
