import { z } from 'zod';
import { resolveSafeChildPath } from '../../workspace/resolveSafeChildPath';
import { writeWorkspaceFile } from '../../workspace/writeWorkspaceFile';
import { defineAction } from '../types';
import { fetchUrlSchema } from './fetchPlainAction';
import { readTemplateFile } from './readTemplateFiles';
import { resolveFetchLocation } from './resolveFetchLocation';

const inputSchema = z.object({
  url: fetchUrlSchema.describe(
    'Relative path or http(s) URL of the file to fetch (relative paths resolve against the template)',
  ),
  targetPath: z.string().min(1).describe('Path of the file in the workspace'),
});

/** `fetch:plain:file`: copies one file of the template (or an allowed URL) into the workspace. */
export function createFetchPlainFileAction() {
  return defineAction({
    id: 'fetch:plain:file',
    description:
      'Copies one file, as it is, from the template or an allowed URL into the workspace.',
    input: inputSchema,
    supportsDryRun: true,
    examples: [
      {
        description: 'Copy the template’s LICENSE into the workspace',
        example:
          'steps:\n  - id: license\n    action: fetch:plain:file\n    input:\n      url: ./LICENSE\n      targetPath: LICENSE\n',
      },
    ],
    async handler(context) {
      const { url, targetPath } = context.input;
      const location = resolveFetchLocation(context, url);
      resolveSafeChildPath(context.workspacePath, targetPath);
      const file = await readTemplateFile(context, location, url);
      await writeWorkspaceFile(context.workspacePath, targetPath, file.content, {
        quota: context.workspaceQuota,
        executable: file.executable,
      });
      context.logger.info(`Fetched ${url} into ${targetPath}`);
    },
  });
}
