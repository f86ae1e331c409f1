import { lstat, mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ConflictError, InputError, NotFoundError } from '@callboard/plugin-api/common';
import { isChildPath, resolveSafeChildPath } from '../../workspace/resolveSafeChildPath';
import { defineAction } from '../types';

const inputSchema = z.object({
  files: z
    .array(
      z.object({
        from: z.string().min(1).describe('The file or folder to rename, relative to the workspace'),
        to: z.string().min(1).describe('Its new path, relative to the workspace'),
        overwrite: z
          .boolean()
          .optional()
          .describe('Replace what is at the new path (default: fail if something is there)'),
      }),
    )
    .describe('Files and folders to rename, in order'),
});

/** `fs:rename`: renames (moves) files and folders inside the workspace. */
export function createFsRenameAction() {
  return defineAction({
    id: 'fs:rename',
    description: 'Renames or moves files and folders inside the workspace.',
    input: inputSchema,
    supportsDryRun: true,
    examples: [
      {
        description: 'Rename a file after rendering',
        example:
          'steps:\n  - id: rename\n    action: fs:rename\n    input:\n      files:\n        - from: gitignore\n          to: .gitignore\n',
      },
    ],
    async handler(context) {
      const workspace = context.workspacePath;
      for (const file of context.input.files) {
        const from = resolveSafeChildPath(workspace, file.from);
        const to = resolveSafeChildPath(workspace, file.to);
        if (from === resolveSafeChildPath(workspace, '.') || to === from) {
          throw new InputError(
            `Cannot rename ${JSON.stringify(file.from)} to ${JSON.stringify(file.to)}`,
          );
        }
        if (isChildPath(from, to)) {
          throw new InputError(`Cannot move ${JSON.stringify(file.from)} into itself`);
        }
        if (!(await lstat(from).catch(() => undefined))) {
          throw new NotFoundError(
            `There is no ${JSON.stringify(file.from)} in the workspace to rename`,
          );
        }
        if (await lstat(to).catch(() => undefined)) {
          if (!file.overwrite) {
            throw new ConflictError(
              `${JSON.stringify(file.to)} exists in the workspace (set overwrite: true to replace it)`,
            );
          }
          await rm(to, { recursive: true, force: true });
        }
        await mkdir(dirname(to), { recursive: true });
        resolveSafeChildPath(workspace, file.to);
        await rename(from, to);
        context.logger.info(`Renamed ${file.from} to ${file.to}`);
      }
    },
  });
}
