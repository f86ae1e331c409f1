import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testLogger } from '@callboard/test-utils';
// Tests use the catalog's real reader (allow-list, limits, git over smart HTTP), as the plugin does.
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { createRepositoryReader } from '@callboard/reading';
import { readingConfigSchema } from '@callboard/reading';
import { createTemplateRenderer } from '../../templating/createTemplateRenderer';
import { unlimitedQuota } from '../../workspace/workspaceQuota';
import type { ActionContext, AnyActionDefinition } from '../types';

/** A real catalog reader for config in app-config's shape; close it with `reader.close()`. */
export function createTestReader(config: Record<string, unknown> = {}): RepositoryReader {
  return createRepositoryReader({
    config: readingConfigSchema.parse(config),
    logger: testLogger(),
  });
}

export interface ActionRun {
  logs: string[];
  outputs: Record<string, unknown>;
}

export interface ActionTestKit {
  /** A temporary root holding `workspace/` (and anything a test puts beside it). */
  root: string;
  workspace: string;
  /** Runs an action with its input validated by the action's schema, as the workflow does. */
  run(
    action: AnyActionDefinition,
    input: unknown,
    options?: { baseUrl?: string; signal?: AbortSignal; isDryRun?: boolean },
  ): Promise<ActionRun>;
  /** Empties the workspace. */
  reset(): void;
  cleanup(): void;
}

/** One warm pool for all tests of a file, as the plugin keeps one (its idle workers never hold the process). */
const renderer = createTemplateRenderer();

export function createActionTestKit(reader: RepositoryReader): ActionTestKit {
  const root = mkdtempSync(join(tmpdir(), 'callboard-actions-'));
  const workspace = join(root, 'workspace');
  mkdirSync(workspace);
  let temporaryCount = 0;
  return {
    root,
    workspace,
    async run(action, input, options = {}) {
      const logs: string[] = [];
      const outputs: Record<string, unknown> = {};
      const context: ActionContext<unknown> = {
        taskId: 'test-task',
        workspacePath: workspace,
        workspaceQuota: unlimitedQuota,
        input: action.input.parse(input),
        logger: {
          info: message => logs.push(message),
          warn: message => logs.push(`warn: ${message}`),
          error: message => logs.push(`error: ${message}`),
        },
        output: (name, value) => {
          outputs[name] = value;
        },
        signal: options.signal ?? new AbortController().signal,
        templateInfo: {
          entityRef: 'template:default/test',
          ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        },
        user: { ref: 'user:default/tester' },
        secrets: {},
        isDryRun: options.isDryRun ?? false,
        createTemporaryDirectory: async () => {
          const dir = join(root, `tmp-${temporaryCount++}`);
          mkdirSync(dir);
          return dir;
        },
        renderer,
        reader,
      };
      await action.handler(context);
      return { logs, outputs };
    },
    reset() {
      rmSync(workspace, { recursive: true, force: true });
      mkdirSync(workspace);
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
