import { z } from 'zod';
import { CallboardError, ConflictError } from '@callboard/plugin-api/common';
import { defineAction } from '../types';
import type { ScaffolderCatalog } from '../../ScaffolderDeps';

const inputSchema = z.union([
  z.object({
    catalogInfoUrl: z.string().url().describe('The URL of the catalog-info.yaml to register'),
    optional: z.boolean().optional().describe('Carry on when the location is already registered'),
  }),
  z.object({
    repoContentsUrl: z
      .string()
      .url()
      .describe('The repository contents URL (`…/blob/<branch>`), from publish:git'),
    catalogInfoPath: z
      .string()
      .optional()
      .describe('The path of the descriptor in the repository (default /catalog-info.yaml)'),
    optional: z.boolean().optional().describe('Carry on when the location is already registered'),
  }),
]);

const outputSchema = z.object({
  entityRef: z.string().describe('The main entity registered (first Component, else the first)'),
  catalogInfoUrl: z.string().describe('The URL that was registered'),
});

/** How long the action waits for the catalog to serve the new entity, so output links open it. */
const visibleWithinMs = 20_000;

/** The repository a `repoContentsUrl` (`<repository>/blob/<branch>`) points into. */
function repositoryOf(input: object): string | undefined {
  if (!('repoContentsUrl' in input) || typeof input.repoContentsUrl !== 'string') return undefined;
  return input.repoContentsUrl.replace(/\/+$/, '').replace(/\/blob\/.*$/, '');
}

/**
 * A failed registration, told with what the task leaves behind: this step usually runs after
 * publish:git, so the repository exists and stays. The same error class (so the same status),
 * with the way to finish by hand once the cause is fixed.
 */
function withWhatIsLeft(error: unknown, catalogInfoUrl: string, repository?: string): Error {
  const cause = error instanceof Error ? error : new Error(String(error));
  const message =
    `Registering ${catalogInfoUrl} in the catalog failed: ${cause.message}. ` +
    (repository ? `The repository ${repository} was created and is kept. ` : '') +
    `To finish by hand, register ${catalogInfoUrl} on the Register page (/catalog-import) once the cause is fixed.`;
  const Kind =
    cause instanceof CallboardError || cause.constructor === Error
      ? (cause.constructor as new (message: string, options?: ErrorOptions) => Error)
      : Error;
  return new Kind(message, { cause });
}

/**
 * `catalog:register`: registers the new repository's catalog-info.yaml as a location, then waits
 * (a bounded time) until the catalog serves its main entity, so the task's "Open in catalog" link
 * lands on a page and not on "not found".
 */
export function createCatalogRegisterAction(options: { catalog: ScaffolderCatalog }) {
  return defineAction({
    id: 'catalog:register',
    description:
      "Registers a repository's catalog-info.yaml in the catalog and waits until its entity is served.",
    input: inputSchema,
    output: outputSchema,
    examples: [
      {
        description: 'Register what publish:git created',
        example: [
          '- id: register',
          '  action: catalog:register',
          '  input:',
          "    repoContentsUrl: ${{ steps['publish'].output.repoContentsUrl }}",
          '    catalogInfoPath: /catalog-info.yaml',
        ].join('\n'),
      },
    ],
    async handler(ctx) {
      const input = ctx.input;
      const catalogInfoUrl =
        'catalogInfoUrl' in input
          ? input.catalogInfoUrl
          : `${input.repoContentsUrl.replace(/\/+$/, '')}/${(input.catalogInfoPath ?? '/catalog-info.yaml').replace(/^\/+/, '')}`;
      ctx.logger.info(`Registering ${catalogInfoUrl} in the catalog`);
      try {
        await options.catalog.registerLocation(catalogInfoUrl, { dryRun: false });
      } catch (error) {
        if (error instanceof ConflictError && input.optional) {
          ctx.logger.warn(`${catalogInfoUrl} is already registered; carrying on (optional: true)`);
        } else {
          throw withWhatIsLeft(error, catalogInfoUrl, repositoryOf(input));
        }
      }
      const { entityRefs } = await options.catalog.registerLocation(catalogInfoUrl, {
        dryRun: true,
      });
      const isLocation = (ref: string) => ref.startsWith('location:');
      const candidates = entityRefs.filter(ref => !isLocation(ref));
      const entityRef =
        candidates.find(ref => ref.startsWith('component:') && !ref.includes('/generated-')) ??
        candidates.find(ref => !ref.includes('/generated-')) ??
        candidates[0];
      ctx.output('catalogInfoUrl', catalogInfoUrl);
      if (!entityRef) {
        ctx.logger.warn(`${catalogInfoUrl} holds no entity`);
        return;
      }
      ctx.output('entityRef', entityRef);
      const deadline = Date.now() + visibleWithinMs;
      while (!(await options.catalog.getEntityByRef(entityRef))) {
        if (Date.now() > deadline || ctx.signal.aborted) {
          ctx.logger.warn(`${entityRef} is registered; the catalog will show it shortly`);
          return;
        }
        await new Promise(resolve => setTimeout(resolve, 250));
      }
      ctx.logger.info(`${entityRef} is in the catalog`);
    },
  });
}
