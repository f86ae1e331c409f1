import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { defineAction } from '../types';

/** A listing stays readable in the task log, and bounded. */
const maxListedFiles = 500;
const maxShownBytes = 64 * 1024;

const inputSchema = z.object({
  message: z.string().optional().describe('A message to write to the task log'),
  listWorkspace: z
    .union([z.boolean(), z.enum(['with-filenames', 'with-contents'])])
    .optional()
    .describe(
      'List the files in the workspace (true or with-filenames), with their contents (with-contents)',
    ),
});

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter(entry => entry.isFile())
    .map(entry => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** `debug:log`: writes a message, and optionally the workspace's files, to the task log. */
export function createDebugLogAction() {
  return defineAction({
    id: 'debug:log',
    description: 'Writes a message, and optionally the files in the workspace, to the task log.',
    input: inputSchema,
    supportsDryRun: true,
    examples: [
      {
        description: 'Log a value and list the workspace',
        example:
          'steps:\n  - id: log\n    action: debug:log\n    input:\n      message: Creating ${{ parameters.name }}\n      listWorkspace: true\n',
      },
    ],
    async handler(context) {
      const { message, listWorkspace } = context.input;
      if (message !== undefined) context.logger.info(message);
      if (!listWorkspace) return;
      const files = await listFiles(context.workspacePath);
      const shown = files.slice(0, maxListedFiles);
      const lines: string[] = [`The workspace has ${files.length} files`];
      for (const file of shown) {
        if (listWorkspace !== 'with-contents') {
          lines.push(`  ${file}`);
          continue;
        }
        const content = await readFile(join(context.workspacePath, file));
        const text = content.subarray(0, maxShownBytes).toString('utf8');
        const more = content.length > maxShownBytes ? `\n… (${content.length} bytes)` : '';
        lines.push(`  ${file}:\n${text}${more}`);
      }
      if (files.length > shown.length) lines.push(`  … and ${files.length - shown.length} more`);
      context.logger.info(lines.join('\n'));
    },
  });
}
