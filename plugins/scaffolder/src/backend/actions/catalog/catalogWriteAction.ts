import { stringify } from 'yaml';
import { z } from 'zod';
import { writeWorkspaceFile } from '../../workspace/writeWorkspaceFile';
import { defineAction } from '../types';

const inputSchema = z.object({
  entity: z
    .record(z.string(), z.unknown())
    .describe('The entity to write (apiVersion, kind, metadata, spec)'),
  filePath: z
    .string()
    .min(1)
    .optional()
    .describe('Where to write it in the workspace (default: catalog-info.yaml)'),
});

/** `catalog:write`: writes an entity as YAML into the workspace. */
export function createCatalogWriteAction() {
  return defineAction({
    id: 'catalog:write',
    description:
      'Writes a catalog entity as YAML into the workspace (catalog-info.yaml by default).',
    input: inputSchema,
    supportsDryRun: true,
    examples: [
      {
        description: 'Write the new component’s catalog-info.yaml',
        example:
          'steps:\n  - id: catalog\n    action: catalog:write\n    input:\n      entity:\n        apiVersion: backstage.io/v1alpha1\n        kind: Component\n        metadata:\n          name: ${{ parameters.name }}\n        spec:\n          type: service\n          lifecycle: experimental\n          owner: ${{ parameters.owner }}\n',
      },
    ],
    async handler(context) {
      const filePath = context.input.filePath ?? 'catalog-info.yaml';
      await writeWorkspaceFile(context.workspacePath, filePath, stringify(context.input.entity), {
        quota: context.workspaceQuota,
      });
      context.logger.info(`Wrote ${filePath}`);
    },
  });
}
