import type { CatalogService } from '@callboard/plugin-catalog/backend';
import type { ScaffolderCatalog } from '@callboard/plugin-scaffolder/backend';

/** The catalog as the scaffolder sees it: find an entity, register a URL. */
export function scaffolderCatalogOf(catalog: CatalogService): ScaffolderCatalog {
  return {
    getEntityByRef: ref => catalog.getEntityByRef(ref),
    registerLocation: (target, options) => catalog.registerLocation(target, options),
  };
}
