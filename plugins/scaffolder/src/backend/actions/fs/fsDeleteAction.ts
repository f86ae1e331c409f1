import { readdir, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix } from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import { outsideWorkspaceError, resolveSafeChildPath } from '../../workspace/resolveSafeChildPath';
import { defineAction } from '../types';

const inputSchema = z.object({
  files: z
    .array(z.string().min(1))
    .describe(
      'Files and folders to delete: paths or globs (dotfiles included), relative to the workspace',
    ),
});

/**
 * The workspace paths a glob matches. A walk of its own rather than a glob library: links are
 * entries here, matched by name and never entered (a link may lead out of the workspace).
 */
async function findMatches(workspace: string, pattern: string): Promise<string[]> {
  const isMatch = picomatch(posix.normalize(pattern).replace(/\/+$/, ''), { dot: true });
  const matches: string[] = [];
  const walk = async (folder: string, relative: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (isMatch(path)) matches.push(path);
      else if (entry.isDirectory()) await walk(join(folder, entry.name), path);
    }
  };
  await walk(workspace, '');
  return matches;
}

/** `fs:delete`: deletes files and folders inside the workspace. */
export function createFsDeleteAction() {
  return defineAction({
    id: 'fs:delete',
    description: 'Deletes files and folders (paths or globs) inside the workspace.',
    input: inputSchema,
    supportsDryRun: true,
    examples: [
      {
        description: 'Remove files a template only needed while rendering',
        example:
          'steps:\n  - id: clean\n    action: fs:delete\n    input:\n      files:\n        - template-notes.md\n        - "**/*.tmp"\n',
      },
    ],
    async handler(context) {
      const workspace = resolveSafeChildPath(context.workspacePath, '.');
      for (const pattern of context.input.files) {
        // Checked as a path first (absolute, `..`, a folder that is a link leading out). Its last
        // part may be a link: deleting a link leaves what it points to alone.
        if (isAbsolute(pattern)) resolveSafeChildPath(workspace, pattern);
        try {
          resolveSafeChildPath(workspace, dirname(pattern));
        } catch {
          throw outsideWorkspaceError(pattern);
        }
        for (const path of await findMatches(workspace, pattern)) {
          const folder = resolveSafeChildPath(workspace, dirname(path));
          await rm(join(folder, posix.basename(path)), { recursive: true, force: true });
          context.logger.info(`Deleted ${path}`);
        }
      }
    },
  });
}
