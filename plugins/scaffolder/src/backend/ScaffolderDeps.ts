import type { Entity } from '@callboard/catalog-model';

/** A location the catalog's readers understand (same shape as the catalog's `LocationSpec`). */
export interface ReaderLocation {
  type: 'url' | 'file';
  target: string;
}

/**
 * What the scaffolder needs from the catalog's readers, to fetch skeletons from a template's own
 * location with the catalog's allow-list, credentials, timeouts and size limits. The catalog's
 * `CatalogReader` satisfies it; plugins.ts passes it in.
 */
export interface ScaffolderReader {
  /** Reads a file, or every file a glob matches (`dot: true` includes dotfiles). */
  readLocation(
    location: ReaderLocation,
    options?: { signal?: AbortSignal; fresh?: boolean; dot?: boolean },
  ): Promise<{ files: Array<{ location: ReaderLocation; content: Buffer }> }>;
  /** Resolves `target` against `base` (relative paths stay inside the repository, or `root`). */
  resolveTarget(base: ReaderLocation, target: string, options?: { root?: string }): ReaderLocation;
  /** Throws `NotAllowedError`/`InputError` for a location that may never be read. */
  assertReadable(location: ReaderLocation): Promise<void>;
}

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
  reader: ScaffolderReader;
}
