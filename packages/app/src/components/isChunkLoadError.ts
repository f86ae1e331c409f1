/**
 * Whether loading a code-split chunk failed: usually a deploy replaced the files this tab was
 * built against, or the network dropped. Browsers word it differently.
 */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS|error loading dynamically/i.test(
    message,
  );
}
