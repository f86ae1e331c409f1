import { createCatalogWriteAction } from './catalog/catalogWriteAction';
import { createDebugLogAction } from './debug/debugLogAction';
import { createDebugWaitAction } from './debug/debugWaitAction';
import { createFetchPlainAction } from './fetch/fetchPlainAction';
import { createFetchPlainFileAction } from './fetch/fetchPlainFileAction';
import { createFetchTemplateAction } from './fetch/fetchTemplateAction';
import { createFetchTemplateFileAction } from './fetch/fetchTemplateFileAction';
import { createFsDeleteAction } from './fs/fsDeleteAction';
import { createFsRenameAction } from './fs/fsRenameAction';
import type { AnyActionDefinition } from './types';

/**
 * The actions that need nothing but the workspace, the template's location and the renderer:
 * fetching and rendering skeletons, renaming and deleting files, writing catalog-info.yaml, and
 * debugging. (`publish:*` and `catalog:register`/`catalog:fetch` need config and are wired by the
 * plugin.)
 */
export function createBuiltinActions(): AnyActionDefinition[] {
  return [
    createFetchPlainAction(),
    createFetchPlainFileAction(),
    createFetchTemplateAction(),
    createFetchTemplateFileAction(),
    createFsRenameAction(),
    createFsDeleteAction(),
    createCatalogWriteAction(),
    createDebugLogAction(),
    createDebugWaitAction(),
  ];
}
