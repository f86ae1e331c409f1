import { InputError } from '@callboard/plugin-api/common';
import type { PreparedRepository, PublishRequest, PublishTarget } from './PublishTarget';
import { blobBase } from './folderTarget';
import {
  credentialsFor,
  tokenCredentialsFor,
  type IntegrationsBlock,
} from './integrationCredentials';
import { checkAllowedOwner, checkBranchName, checkRepositoryName } from './repositoryNames';

/** Any git remote reachable over smart HTTP(S) or SSH; the repository must already exist. */
export interface GitPublishTarget extends PublishTarget {
  type: 'git';
  /** The remote pattern with `{owner}` and `{repo}`. */
  remote: string;
}

export interface GitTargetOptions {
  host: string;
  title: string;
  allowedOwners?: string[];
  remote: string;
  browseUrl?: string;
  /** Absolute path of the SSH private key, for ssh remotes. */
  sshKeyFile?: string;
  integrations: IntegrationsBlock;
}

type RemoteKind = 'http' | 'ssh';

/** `git@host:path` (scp-like; a path starting with `/` would be a local path on some hosts). */
const scpLike = /^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):(?!\/)(.+)$/;

function remoteKind(url: string): RemoteKind | undefined {
  if (/^https?:\/\//i.test(url)) return 'http';
  if (/^ssh:\/\//i.test(url) || scpLike.test(url)) return 'ssh';
  return undefined;
}

/**
 * Checks a remote pattern when the targets are created, so a bad config fails at startup:
 * only http(s) and ssh remotes, and no credentials in http URLs (they belong in `integrations`,
 * where they are masked).
 */
export function checkRemotePattern(remote: string): RemoteKind {
  const sample = fill(remote, 'owner', 'repo');
  const kind = remoteKind(sample);
  if (!kind) {
    throw new Error(
      `the remote ${JSON.stringify(remote)} is neither an http(s) URL nor an ssh remote (ssh://… or git@host:path); use a folder target for repositories on this machine`,
    );
  }
  if (kind === 'http') {
    let url: URL;
    try {
      url = new URL(sample);
    } catch {
      throw new Error(`the remote ${JSON.stringify(remote)} is not a valid URL`);
    }
    if (url.username || url.password) {
      throw new Error(
        `the remote ${JSON.stringify(remote)} contains credentials; configure a token for ${url.host} under integrations instead`,
      );
    }
  }
  return kind;
}

function fill(pattern: string, owner: string, repo: string): string {
  return pattern.replaceAll('{owner}', owner).replaceAll('{repo}', repo);
}

/** A single-quoted shell word (`core.sshCommand` runs through the shell). */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The https page of an ssh remote, as GitHub, GitLab and Gitea lay them out. */
function httpsOfSsh(remote: string): string {
  const scp = scpLike.exec(remote);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  const url = new URL(remote);
  return `https://${url.hostname}${url.pathname}`;
}

export function createGitTarget(options: GitTargetOptions): GitPublishTarget {
  const { host, title, allowedOwners, remote, browseUrl, sshKeyFile, integrations } = options;
  const kind = checkRemotePattern(remote);
  const needsOwner = remote.includes('{owner}') || browseUrl?.includes('{owner}') === true;

  const sshCommand = [
    'ssh',
    ...(sshKeyFile ? ['-i', shellQuote(sshKeyFile), '-o', 'IdentitiesOnly=yes'] : []),
    // HOME is a fresh folder per push: no known_hosts to check against, and nobody to answer.
    '-o',
    'StrictHostKeyChecking=accept-new',
    '-o',
    'BatchMode=yes',
  ].join(' ');

  return {
    host,
    title,
    type: 'git',
    remote,
    ...(allowedOwners ? { allowedOwners } : {}),
    async prepare(request: PublishRequest): Promise<PreparedRepository> {
      if (needsOwner && !request.owner) {
        throw new InputError(`Publishing to ${host} needs an owner: add owner= to the repoUrl`);
      }
      const owner = request.owner ? checkRepositoryName('owner', request.owner) : '';
      const repo = checkRepositoryName('repo', request.repo);
      const branch = checkBranchName(request.defaultBranch);
      if (allowedOwners) checkAllowedOwner(owner, allowedOwners, host);

      const pushUrl = fill(remote, owner, repo);
      const browse = (
        browseUrl
          ? fill(browseUrl, owner, repo)
          : (kind === 'http' ? pushUrl : httpsOfSsh(pushUrl)).replace(/\.git\/?$/, '')
      ).replace(/\/+$/, '');
      const repoContentsUrl = blobBase(browse, branch);

      if (kind === 'ssh') {
        if (request.token) {
          throw new InputError(
            `publish:git was given a token, but ${host} pushes over ssh with the configured key; a token only applies to http(s) remotes`,
          );
        }
        return {
          pushUrl,
          pushConfig: [['core.sshCommand', sshCommand]],
          secrets: [],
          remoteUrl: pushUrl,
          repoContentsUrl,
        };
      }
      const credentials = request.token
        ? tokenCredentialsFor(integrations, new URL(pushUrl), request.token)
        : credentialsFor(integrations, new URL(pushUrl));
      return {
        pushUrl,
        pushConfig: credentials
          ? [['http.extraHeader', `Authorization: ${credentials.authorization}`]]
          : [],
        secrets: credentials ? [...credentials.secrets, credentials.authorization] : [],
        remoteUrl: pushUrl,
        repoContentsUrl,
      };
    },
  };
}
