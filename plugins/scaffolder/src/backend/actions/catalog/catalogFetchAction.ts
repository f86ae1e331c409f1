import { z } from 'zod';
import { parseEntityRef, stringifyEntityRef } from '@callboard/catalog-model';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import { defineAction } from '../types';
import type { ScaffolderCatalog } from '../../ScaffolderDeps';

const inputSchema = z
  .object({
    entityRef: z.string().optional().describe('One entity to fetch'),
    entityRefs: z.array(z.string()).optional().describe('Several entities to fetch'),
    optional: z
      .boolean()
      .optional()
      .describe('Answer null instead of failing for a missing entity'),
    defaultKind: z.string().optional().describe('The kind of refs that name none'),
    defaultNamespace: z.string().optional().describe('The namespace of refs that name none'),
  })
  .refine(input => (input.entityRef === undefined) !== (input.entityRefs === undefined), {
    message: 'give exactly one of entityRef and entityRefs',
  });

/** `catalog:fetch`: entities from the catalog, for later steps to read (`steps.x.output.entity`). */
export function createCatalogFetchAction(options: { catalog: ScaffolderCatalog }) {
  return defineAction({
    id: 'catalog:fetch',
    description: 'Fetches one or more entities from the catalog.',
    input: inputSchema,
    output: z.object({
      entity: z.record(z.string(), z.unknown()).nullable().optional(),
      entities: z.array(z.record(z.string(), z.unknown()).nullable()).optional(),
    }),
    supportsDryRun: true,
    async handler(ctx) {
      const { input } = ctx;
      const fetchOne = async (ref: string) => {
        let canonical: string;
        try {
          canonical = stringifyEntityRef(
            parseEntityRef(ref, {
              ...(input.defaultKind ? { defaultKind: input.defaultKind } : {}),
              ...(input.defaultNamespace ? { defaultNamespace: input.defaultNamespace } : {}),
            }),
          );
        } catch (error) {
          throw new InputError(`Invalid entity ref "${ref}": ${(error as Error).message}`);
        }
        const entity = await options.catalog.getEntityByRef(canonical);
        if (!entity && !input.optional)
          throw new NotFoundError(`No entity ${canonical} in the catalog`);
        return entity ?? null;
      };
      if (input.entityRef !== undefined) {
        ctx.output('entity', await fetchOne(input.entityRef));
      } else {
        ctx.output('entities', await Promise.all((input.entityRefs ?? []).map(fetchOne)));
      }
    },
  });
}
