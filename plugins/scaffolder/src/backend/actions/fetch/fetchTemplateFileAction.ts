import { z } from 'zod';
import { InputError } from '@callboard/plugin-api/common';
import { resolveSafeChildPath } from '../../workspace/resolveSafeChildPath';
import { writeWorkspaceFile } from '../../workspace/writeWorkspaceFile';
import { defineAction } from '../types';
import { fetchUrlSchema } from './fetchPlainAction';
import { renderFlagsSchema, templateValuesSchema } from './fetchTemplateAction';
import { readTemplateFile } from './readTemplateFiles';
import { isBinary } from './renderTemplateFiles';
import { resolveFetchLocation } from './resolveFetchLocation';

const inputSchema = z.object({
  url: fetchUrlSchema.describe(
    'Relative path or http(s) URL of the file to render (relative paths resolve against the template)',
  ),
  targetPath: z.string().min(1).describe('Path of the rendered file in the workspace'),
  values: templateValuesSchema,
  ...renderFlagsSchema,
});

/** `fetch:template:file`: renders one file of the template into the workspace. */
export function createFetchTemplateFileAction() {
  return defineAction({
    id: 'fetch:template:file',
    description:
      'Renders one file from the template (or an allowed URL) into the workspace with ${{ values.x }}.',
    input: inputSchema,
    supportsDryRun: true,
    examples: [
      {
        description: 'Render the template’s README',
        example:
          'steps:\n  - id: readme\n    action: fetch:template:file\n    input:\n      url: ./README.md.njk\n      targetPath: README.md\n      values:\n        name: ${{ parameters.name }}\n',
      },
    ],
    async handler(context) {
      const { input } = context;
      const location = resolveFetchLocation(context, input.url);
      resolveSafeChildPath(context.workspacePath, input.targetPath);
      const file = await readTemplateFile(context, location, input.url);
      let content = file.content;
      if (!isBinary(content)) {
        try {
          const text = await context.renderer.renderString(
            content.toString('utf8'),
            { values: input.values ?? {} },
            {
              cookiecutterCompat: input.cookiecutterCompat ?? false,
              trimBlocks: input.trimBlocks ?? false,
              lstripBlocks: input.lstripBlocks ?? false,
              signal: context.signal,
            },
          );
          content = Buffer.from(text);
        } catch (error) {
          if (error instanceof InputError) throw new InputError(`${input.url}: ${error.message}`);
          throw error;
        }
      }
      const written = await writeWorkspaceFile(context.workspacePath, input.targetPath, content, {
        quota: context.workspaceQuota,
        overwrite: input.replace ?? false,
        executable: file.executable,
      });
      context.logger.info(
        written
          ? `Rendered ${input.url} into ${input.targetPath}`
          : `Kept the existing ${input.targetPath} (set replace: true to replace it)`,
      );
    },
  });
}
