import { z } from 'zod';
import { durationSchema } from '@callboard/plugin-api/common';

/** A repository owner or name as it appears in a URL path segment. */
const nameSegment = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const targetBase = {
  /** What users pick in the RepoUrlPicker and what `host?owner=…&repo=…` starts with. */
  host: z
    .string()
    .trim()
    .min(1)
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'use a host name such as "local" or "git.example.com"')
    .transform(host => host.toLowerCase()),
  title: z.string().min(1).optional(),
  /** Owners new repositories may go under (absent: any valid name). */
  allowedOwners: z.array(z.string().regex(nameSegment)).min(1).optional(),
};

/**
 * A folder of bare repositories on this machine, served read-only over smart HTTP by Callboard
 * itself at `<backend.baseUrl>/api/scaffolder/git/<owner>/<repo>.git`, so the catalog (and
 * `git clone`) can read them back. The embedded default.
 */
const folderTargetSchema = z
  .object({
    ...targetBase,
    type: z.literal('folder'),
    /** Relative paths resolve against the config file's folder. */
    directory: z.string().min(1),
  })
  .strict();

/**
 * Any git remote reachable over smart HTTP(S) or SSH. The repository must exist (plain git has no
 * API to create one); it must be empty or have no `defaultBranch` yet. HTTP credentials come from
 * `integrations` for the remote's host; SSH uses `sshKeyFile`.
 */
const gitTargetSchema = z
  .object({
    ...targetBase,
    type: z.literal('git'),
    /** Push URL with `{owner}` and `{repo}`: `https://git.example.com/{owner}/{repo}.git` or `git@git.example.com:{owner}/{repo}.git`. */
    remote: z
      .string()
      .min(1)
      .refine(value => value.includes('{repo}'), 'the remote URL must contain {repo}'),
    /** Where people browse it, with `{owner}` and `{repo}` (default: the remote without `.git`, for http remotes). */
    browseUrl: z.string().url().optional(),
    /** A private key for SSH remotes (absolute, or relative to the config file). */
    sshKeyFile: z.string().min(1).optional(),
  })
  .strict();

export const publishTargetConfigSchema = z.discriminatedUnion('type', [
  folderTargetSchema,
  gitTargetSchema,
]);
export type PublishTargetConfig = z.infer<typeof publishTargetConfigSchema>;

/** The `scaffolder:` block of app-config. */
export const scaffolderConfigSchema = z
  .object({
    /** Where `publish:git` may put new repositories. */
    targets: z.array(publishTargetConfigSchema).default([]),
    /** The commit author of published repositories when a step names none. */
    defaultAuthor: z
      .object({ name: z.string().min(1), email: z.string().min(3) })
      .strict()
      .default({ name: 'Callboard', email: 'scaffolder@callboard.invalid' }),
    defaultCommitMessage: z.string().min(1).default('Initial commit'),
    /** Tasks one replica runs at the same time. */
    concurrency: z.number().int().min(1).max(32).default(2),
    /**
     * A replica renews its lease on a running task every third of this; a task whose lease ran out
     * (its replica died) is taken over by another replica and failed, or restarted when the template
     * asks for `EXPERIMENTAL_recovery: {EXPERIMENTAL_strategy: startOver}`.
     */
    taskLeaseTimeout: durationSchema.default({ seconds: 30 }),
    /** A task running longer than this is failed. */
    taskTimeout: durationSchema.default({ minutes: 30 }),
    /** Parent of task workspaces (default: the system temp folder). */
    workingDirectory: z.string().min(1).optional(),
    /**
     * Templates render in worker threads (ADR 0019): one round trip (a step's values, or a
     * skeleton's files) fails with "template rendering exceeded 5 s / 256 MB" when it runs past
     * `timeout` or its worker's heap passes `maxMemoryMb`.
     */
    rendering: z
      .object({
        timeout: durationSchema.default({ seconds: 5 }),
        maxMemoryMb: z.number().int().min(16).max(8192).default(256),
        /** Warm worker threads; renders beyond these wait their turn. */
        workers: z.number().int().min(1).max(16).default(2),
      })
      .strict()
      .default({ timeout: { seconds: 5 }, maxMemoryMb: 256, workers: 2 }),
    /**
     * Disk space (ADR 0019): each task or dry run may write `perRunMb` into its folders; all runs
     * of a replica together `totalMb` under `workingDirectory`. A run over either fails.
     */
    workspaceQuota: z
      .object({
        perRunMb: z.number().positive().default(1024),
        totalMb: z.number().positive().default(10240),
      })
      .strict()
      .default({ perRunMb: 1024, totalMb: 10240 }),
    /** `environment.parameters` / `environment.secrets` in every template. */
    defaultEnvironment: z
      .object({
        parameters: z.record(z.string(), z.unknown()).default({}),
        secrets: z.record(z.string(), z.string()).default({}),
      })
      .strict()
      .default({ parameters: {}, secrets: {} }),
  })
  .strict()
  .default({
    targets: [],
    defaultAuthor: { name: 'Callboard', email: 'scaffolder@callboard.invalid' },
    defaultCommitMessage: 'Initial commit',
    concurrency: 2,
    taskLeaseTimeout: { seconds: 30 },
    taskTimeout: { minutes: 30 },
    rendering: { timeout: { seconds: 5 }, maxMemoryMb: 256, workers: 2 },
    workspaceQuota: { perRunMb: 1024, totalMb: 10240 },
    defaultEnvironment: { parameters: {}, secrets: {} },
  });

export type ScaffolderConfig = z.infer<typeof scaffolderConfigSchema>;

export const repositoryNamePattern = nameSegment;
