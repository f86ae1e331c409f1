import { z } from 'zod';
import { InputError } from '@callboard/plugin-api/common';
import { resolveSafeChildPath } from '../../workspace/resolveSafeChildPath';
import { writeWorkspaceFile } from '../../workspace/writeWorkspaceFile';
import { defineAction } from '../types';
import { fetchUrlSchema } from './fetchPlainAction';
import { readTemplateFolder } from './readTemplateFiles';
import { renderTemplateFiles } from './renderTemplateFiles';
import { resolveFetchLocation } from './resolveFetchLocation';

export const templateValuesSchema = z
  .record(z.string(), z.unknown())
  .optional()
  .describe('Values the files can use as ${{ values.name }} (or {{ cookiecutter.name }})');

export const renderFlagsSchema = {
  cookiecutterCompat: z
    .boolean()
    .optional()
    .describe(
      'Cookiecutter syntax: {{ cookiecutter.name }} instead of ${{ values.name }}, plus the jsonify filter',
    ),
  replace: z
    .boolean()
    .optional()
    .describe(
      'Replace files that exist in the workspace (default: keep them and skip the new ones)',
    ),
  trimBlocks: z
    .boolean()
    .optional()
    .describe('Remove the first newline after a block tag ({% … %})'),
  lstripBlocks: z
    .boolean()
    .optional()
    .describe('Strip spaces and tabs from the start of a line up to a block tag'),
};

const inputSchema = z.object({
  url: fetchUrlSchema.describe(
    'Relative path or http(s) URL of the skeleton folder (relative paths resolve against the template)',
  ),
  targetPath: z
    .string()
    .optional()
    .describe(
      'Folder in the workspace to render the skeleton into (default: the workspace itself)',
    ),
  values: templateValuesSchema,
  copyWithoutTemplating: z
    .array(z.string())
    .optional()
    .describe(
      'Globs, relative to the skeleton, of files copied without rendering their names or contents',
    ),
  copyWithoutRender: z
    .array(z.string())
    .optional()
    .describe('Deprecated name of copyWithoutTemplating'),
  templateFileExtension: z
    .union([z.boolean(), z.string()])
    .optional()
    .describe(
      'Render only files with this extension (true: .njk), removing it; other files are copied as they are',
    ),
  ...renderFlagsSchema,
});

/** The extension `templateFileExtension` asks for, with its dot. */
function extensionOf(value: boolean | string | undefined): string | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return '.njk';
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.includes('/')) {
    throw new InputError(`templateFileExtension ${JSON.stringify(value)} is not a file extension`);
  }
  return trimmed.startsWith('.') ? trimmed : `.${trimmed}`;
}

/** `fetch:template`: renders a skeleton folder of the template into the workspace. */
export function createFetchTemplateAction() {
  return defineAction({
    id: 'fetch:template',
    description:
      'Renders a skeleton folder from the template (or an allowed URL) into the workspace: file and folder names and text files are templated with ${{ values.x }}; binary files are copied.',
    input: inputSchema,
    supportsDryRun: true,
    examples: [
      {
        description: 'Render ./skeleton with the name and owner from the form',
        example:
          'steps:\n  - id: fetch\n    action: fetch:template\n    input:\n      url: ./skeleton\n      values:\n        name: ${{ parameters.name }}\n        owner: ${{ parameters.owner }}\n      copyWithoutTemplating:\n        - .github/workflows/*\n',
      },
    ],
    async handler(context) {
      const { input } = context;
      const copyWithoutTemplating = [
        ...(input.copyWithoutTemplating ?? []),
        ...(input.copyWithoutRender ?? []),
      ];
      const templateFileExtension = extensionOf(input.templateFileExtension);
      if (templateFileExtension && copyWithoutTemplating.length > 0) {
        throw new InputError(
          'templateFileExtension and copyWithoutTemplating cannot be used together: with an extension, only files that have it are rendered',
        );
      }
      const targetPath = input.targetPath ?? '.';
      const location = resolveFetchLocation(context, input.url);
      const target = resolveSafeChildPath(context.workspacePath, targetPath);
      const files = await readTemplateFolder(context, location, input.url);
      const rendered = await renderTemplateFiles(files, {
        signal: context.signal,
        renderer: context.renderer,
        values: input.values ?? {},
        copyWithoutTemplating,
        ...(templateFileExtension ? { templateFileExtension } : {}),
        cookiecutterCompat: input.cookiecutterCompat ?? false,
        trimBlocks: input.trimBlocks ?? false,
        lstripBlocks: input.lstripBlocks ?? false,
      });
      let skipped = 0;
      for (const file of rendered) {
        context.signal.throwIfAborted();
        const written = await writeWorkspaceFile(target, file.path, file.content, {
          quota: context.workspaceQuota,
          overwrite: input.replace ?? false,
          executable: file.executable,
        });
        if (!written) {
          skipped++;
          context.logger.info(`Kept the existing ${file.path} (set replace: true to replace it)`);
        }
      }
      context.logger.info(
        `Rendered ${rendered.length - skipped} files from ${input.url} into ${targetPath}`,
      );
    },
  });
}
