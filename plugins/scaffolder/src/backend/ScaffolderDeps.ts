import type { Entity } from '@callboard/catalog-model';
import type { LocationSpec, RepositoryReader } from '@callboard/plugin-api/backend';

/** A location a repository reader understands. */
export type ReaderLocation = LocationSpec;

/**
 * What the scaffolder reads with (`context.reader`): skeletons from a template's own location,
 * with the backend's allow-list, credentials, timeouts and size limits.
 */
export type ScaffolderReader = Pick<
  RepositoryReader,
  'readLocation' | 'resolveTarget' | 'assertReadable'
>;

/** What the scaffolder needs from the catalog itself. */
export interface ScaffolderCatalog {
  /** The entity, or undefined. */
  getEntityByRef(ref: string): Promise<Entity | undefined>;
  /**
   * Registers a URL as a location (409 `ConflictError` when it already is). Returns the refs of
   * the entities it will produce, as a dry run sees them.
   */
  registerLocation(target: string, options: { dryRun: boolean }): Promise<{ entityRefs: string[] }>;
}

export interface ScaffolderDeps {
  catalog: ScaffolderCatalog;
}
