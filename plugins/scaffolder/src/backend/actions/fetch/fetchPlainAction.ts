import { posix } from 'node:path';
import { z } from 'zod';
import { resolveSafeChildPath } from '../../workspace/resolveSafeChildPath';
import { writeWorkspaceFile } from '../../workspace/writeWorkspaceFile';
import { defineAction } from '../types';
import { readTemplateFolder } from './readTemplateFiles';
import { resolveFetchLocation } from './resolveFetchLocation';

export const fetchUrlSchema = z
  .string()
  .min(1)
  .describe(
    'Relative path or URL of the content: relative paths resolve against the template (in its repository, or its folder); absolute URLs must be http(s) URLs the catalog may read',
  );

const inputSchema = z.object({
  url: fetchUrlSchema.describe(
    'Relative path or http(s) URL of the folder to fetch (relative paths resolve against the template)',
  ),
  targetPath: z
    .string()
    .optional()
    .describe('Folder in the workspace to put the files in (default: the workspace itself)'),
});

/** `fetch:plain`: copies a folder of the template (or another allowed location) into the workspace. */
export function createFetchPlainAction() {
  return defineAction({
    id: 'fetch:plain',
    description:
      'Copies a folder, as it is, from the template or an allowed URL into the workspace (dotfiles included).',
    input: inputSchema,
    supportsDryRun: true,
    examples: [
      {
        description: 'Copy the folder ./static of the template into the workspace',
        example:
          'steps:\n  - id: fetch\n    action: fetch:plain\n    input:\n      url: ./static\n      targetPath: static\n',
      },
    ],
    async handler(context) {
      const { url, targetPath = '.' } = context.input;
      const location = resolveFetchLocation(context, url);
      const target = resolveSafeChildPath(context.workspacePath, targetPath);
      const files = await readTemplateFolder(context, location, url);
      context.logger.info(`Fetching ${files.length} files from ${url} into ${targetPath}`);
      for (const file of files) {
        context.signal.throwIfAborted();
        await writeWorkspaceFile(target, posix.normalize(file.path), file.content, {
          quota: context.workspaceQuota,
          executable: file.executable,
        });
      }
    },
  });
}
