import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@callboard/plugin-api/common';
import { parseRepoUrlValue, type RepoUrlValue } from '../../../common';
import { defineAction, type ActionDefinition } from '../types';
import type { PreparedRepository, PublishTarget } from '../../publish/PublishTarget';
import { checkBranchName } from '../../publish/repositoryNames';
import { GitCommandError, runGit, scrub, type GitTransport } from '@callboard/git';
import { resolveSourceDirectory } from '../../publish/sourceDirectory';

export interface PublishGitActionOptions {
  targets: readonly PublishTarget[];
  /** `scaffolder.defaultAuthor`: the author and committer when the step names none. */
  defaultAuthor: { name: string; email: string };
  /** `scaffolder.defaultCommitMessage`. */
  defaultCommitMessage: string;
}

const publishGitInputSchema = z.object({
  repoUrl: z
    .string()
    .min(1)
    .describe('Where to publish: `host?owner=…&repo=…`, the value of a RepoUrlPicker'),
  description: z
    .string()
    .optional()
    .describe('Accepted for compatibility with publish:github; plain git has nowhere to keep it'),
  defaultBranch: z
    .string()
    .default('main')
    .describe('The branch the commit is pushed to (default main)'),
  sourcePath: z
    .string()
    .optional()
    .describe('The folder of the workspace to publish (default: the whole workspace)'),
  gitCommitMessage: z.string().min(1).optional().describe('The message of the initial commit'),
  gitAuthorName: z.string().min(1).optional().describe('Author and committer name'),
  gitAuthorEmail: z.string().min(1).optional().describe('Author and committer email'),
  token: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The token to push with instead of the one integrations configure for the host (publish:github's input), e.g. ${{ secrets.USER_OAUTH_TOKEN }}; http(s) remotes only",
    ),
});

const publishGitOutputSchema = z.object({
  remoteUrl: z.string().describe('The clone URL of the new repository'),
  repoContentsUrl: z
    .string()
    .describe('`<repository>/blob/<branch>`: catalog:register reads catalog-info.yaml below it'),
  commitHash: z.string().describe('The id of the pushed commit'),
});

export type PublishGitInput = z.output<typeof publishGitInputSchema>;
export type PublishGitOutput = z.output<typeof publishGitOutputSchema>;

/** The transport a push URL needs; nothing else is allowed during the push. */
function transportOf(pushUrl: string): GitTransport {
  if (/^https?:\/\//i.test(pushUrl)) return 'http';
  if (pushUrl.startsWith('/')) return 'file';
  return 'ssh';
}

function parseLocation(repoUrl: string): RepoUrlValue {
  try {
    return parseRepoUrlValue(repoUrl);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

function findTarget(targets: readonly PublishTarget[], host: string): PublishTarget {
  const target = targets.find(candidate => candidate.host === host.toLowerCase());
  if (target) return target;
  if (targets.length === 0) {
    throw new InputError(
      `Cannot publish to ${host}: no publish targets are configured (scaffolder.targets in app-config)`,
    );
  }
  throw new InputError(
    `Cannot publish to ${host}: it is not a configured publish target; the hosts are ${targets.map(t => t.host).join(', ')} (scaffolder.targets)`,
  );
}

/** Why a push failed, in words the template's user can act on. */
function pushFailure(
  error: unknown,
  prepared: PreparedRepository,
  branch: string,
  withStepToken: boolean,
): Error {
  if (!(error instanceof GitCommandError)) return error as Error;
  const { stderr } = error;
  if (/\[rejected\]|non-fast-forward|fetch first|already exists/i.test(stderr)) {
    return new ConflictError(
      `The repository ${prepared.remoteUrl} already has a branch ${branch}: publish to an empty repository or another branch`,
    );
  }
  if (/Authentication failed|could not read Username|\b40[13]\b|Permission denied/i.test(stderr)) {
    return new NotAllowedError(
      `Pushing to ${prepared.remoteUrl} was refused (${stderr.split('\n').pop()}); ${withStepToken ? "check the step's token input" : 'check the credentials configured for it under integrations, or the SSH key'}`,
    );
  }
  if (/repository .* not found|does not appear to be a git repository|\b404\b/i.test(stderr)) {
    return new NotFoundError(
      `The repository ${prepared.remoteUrl} does not exist: create it (empty) on the git server first; publish:git cannot create repositories there`,
    );
  }
  return new Error(`Pushing to ${prepared.remoteUrl} failed: ${stderr}`);
}

/**
 * `publish:git`: commits a folder of the workspace as the first commit of a new repository and
 * pushes it to the publish target named by `repoUrl`'s host. Runs the system git with no hooks,
 * no user or system config and no credential helpers; credentials come only from the target.
 */
export function createPublishGitAction(
  options: PublishGitActionOptions,
): ActionDefinition<PublishGitInput, PublishGitOutput> {
  return defineAction<PublishGitInput, PublishGitOutput>({
    id: 'publish:git',
    description:
      'Commits the workspace (or sourcePath) and pushes it as the first commit of a new repository on a configured publish target (scaffolder.targets).',
    input: publishGitInputSchema,
    output: publishGitOutputSchema,
    // Only ever sent as a masked auth header, never logged, output or written to the workspace.
    secretInputs: ['token'],
    supportsDryRun: false,
    examples: [
      {
        description: 'Publish the workspace to the repository picked in the form',
        example: [
          'steps:',
          '  - id: publish',
          '    name: Publish',
          '    action: publish:git',
          '    input:',
          '      repoUrl: ${{ parameters.repoUrl }}',
          '      defaultBranch: main',
          "      gitCommitMessage: 'Create ${{ parameters.name }} from a template'",
        ].join('\n'),
      },
    ],
    async handler(ctx) {
      const { input, signal } = ctx;
      const location = parseLocation(input.repoUrl);
      const target = findTarget(options.targets, location.host);
      const branch = checkBranchName(input.defaultBranch);
      const source = await resolveSourceDirectory(ctx.workspacePath, input.sourcePath);

      const temporary = await ctx.createTemporaryDirectory();
      const home = join(temporary, 'home');
      await mkdir(home);
      const gitDir = join(temporary, 'repository.git');
      const name = input.gitAuthorName ?? options.defaultAuthor.name;
      const email = input.gitAuthorEmail ?? options.defaultAuthor.email;
      // The git directory lives outside the workspace: the workspace stays as the template left
      // it, and a `.git` folder a template wrote is never taken for the repository.
      const git = (
        args: string[],
        extra: {
          transports?: GitTransport[];
          config?: Array<[string, string]>;
          secrets?: string[];
        } = {},
      ) =>
        runGit({
          args: [`--git-dir=${gitDir}`, `--work-tree=${source}`, ...args],
          cwd: source,
          home,
          signal,
          env: {
            GIT_AUTHOR_NAME: name,
            GIT_AUTHOR_EMAIL: email,
            GIT_COMMITTER_NAME: name,
            GIT_COMMITTER_EMAIL: email,
          },
          ...extra,
        });

      await git(['init', '--quiet', `--initial-branch=${branch}`]);
      await git(['add', '--all']);
      const files = (await git(['ls-files', '-z'])).toString().split('\0').filter(Boolean);
      if (files.length === 0) {
        throw new InputError(
          `Nothing to publish: ${input.sourcePath ? `sourcePath ${input.sourcePath}` : 'the workspace'} has no files`,
        );
      }
      await git([
        'commit',
        '--quiet',
        '--no-verify',
        '-m',
        input.gitCommitMessage ?? options.defaultCommitMessage,
      ]);
      const commitHash = (await git(['rev-parse', 'HEAD'])).toString().trim();

      // The remote is prepared only once there is something to push: a template that fails
      // earlier leaves no empty repository behind.
      const prepared = await target.prepare({
        owner: location.owner ?? '',
        repo: location.repo,
        defaultBranch: branch,
        signal,
        ...(input.token ? { token: input.token } : {}),
      });
      ctx.logger.info(
        `Pushing ${files.length} files (commit ${commitHash.slice(0, 12)}) to ${prepared.remoteUrl}, branch ${branch}`,
      );
      try {
        await git(
          ['push', '--quiet', '--no-verify', prepared.pushUrl, `HEAD:refs/heads/${branch}`],
          {
            transports: [transportOf(prepared.pushUrl)],
            config: prepared.pushConfig,
            secrets: prepared.secrets,
          },
        );
      } catch (error) {
        const failure = pushFailure(error, prepared, branch, input.token !== undefined);
        failure.message = scrub(failure.message, prepared.secrets);
        throw failure;
      }
      ctx.logger.info(`Published ${prepared.remoteUrl}`);
      ctx.output('remoteUrl', prepared.remoteUrl);
      ctx.output('repoContentsUrl', prepared.repoContentsUrl);
      ctx.output('commitHash', commitHash);
    },
  });
}
