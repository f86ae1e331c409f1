import { unlimitedQuota } from '../../workspace/workspaceQuota';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ActionContext, ActionDefinition } from '../../actions/types';

const execFileAsync = promisify(execFile);

/** Runs git as a person would (own HOME, identity given), asynchronously. */
export async function git(cwd: string, home: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Someone Else',
      GIT_AUTHOR_EMAIL: 'someone@example.com',
      GIT_COMMITTER_NAME: 'Someone Else',
      GIT_COMMITTER_EMAIL: 'someone@example.com',
    },
  });
  return stdout.trim();
}

/** Writes files (path → content) below a folder. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

export interface ActionRun {
  output: Record<string, unknown>;
  logs: string[];
}

const unused = (what: string) => () => {
  throw new Error(`publish:git does not use the ${what}`);
};

/**
 * Runs an action the way the workflow runner does: input validated by the action's schema, a
 * workspace folder, temporary folders under `tempRoot`, outputs and log lines collected.
 */
export async function runAction<TInput>(
  action: ActionDefinition<TInput, unknown>,
  rawInput: unknown,
  options: { workspacePath: string; tempRoot: string; signal?: AbortSignal },
): Promise<ActionRun> {
  const output: Record<string, unknown> = {};
  const logs: string[] = [];
  const context: ActionContext<TInput> = {
    taskId: 'task-1',
    workspacePath: options.workspacePath,
    input: action.input.parse(rawInput),
    logger: {
      info: message => logs.push(message),
      warn: message => logs.push(message),
      error: message => logs.push(message),
    },
    output: (name, value) => {
      output[name] = value;
    },
    signal: options.signal ?? AbortSignal.timeout(60_000),
    templateInfo: { entityRef: 'template:default/test' },
    user: { ref: 'user:default/alice' },
    secrets: {},
    isDryRun: false,
    createTemporaryDirectory: () => mkdtemp(join(options.tempRoot, 'action-')),
    workspaceQuota: unlimitedQuota,
    renderer: {
      renderValue: unused('renderer'),
      renderString: unused('renderer'),
      renderFiles: unused('renderer'),
    },
    reader: {
      readLocation: unused('reader'),
      resolveTarget: unused('reader'),
      assertReadable: unused('reader'),
    },
  };
  await action.handler(context);
  return { output, logs };
}
