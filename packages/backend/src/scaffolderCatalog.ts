import { parseEntityRef, stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import { NotFoundError } from '@callboard/plugin-api/common';
import type { CatalogApi } from '@callboard/plugin-catalog/backend';
import type { ScaffolderCatalog } from '@callboard/plugin-scaffolder/backend';

/** The catalog as the scaffolder sees it: find an entity, register a URL. */
export function scaffolderCatalogOf(catalog: CatalogApi): ScaffolderCatalog {
  return {
    async getEntityByRef(ref) {
      try {
        // The query service answers serialized JSON (it streams pages without re-encoding).
        return JSON.parse(await catalog.queries.getEntityByName(parseEntityRef(ref))) as Entity;
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    async registerLocation(target, { dryRun }) {
      const result = await catalog.locations.createLocation({ type: 'url', target }, { dryRun });
      return { entityRefs: result.entities.map(entity => stringifyEntityRef(entity)) };
    },
  };
}
