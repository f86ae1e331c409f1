import { chmod, lstat, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '@callboard/plugin-api/common';
import { resolveSafeChildPath } from './resolveSafeChildPath';
import type { WorkspaceQuota } from './workspaceQuota';

export interface WriteWorkspaceFileOptions {
  /** Replace a file that exists (default true). When false, an existing file is left alone. */
  overwrite?: boolean;
  /** Make the file executable (`0755`). */
  executable?: boolean;
  /** Charged before the write: a file over the run's quota is not written. */
  quota?: WorkspaceQuota;
}

/**
 * Writes a file at a relative path inside `base` (refusing escapes, see `resolveSafeChildPath`),
 * creating its folders. Returns false when the file existed and `overwrite` is false.
 */
export async function writeWorkspaceFile(
  base: string,
  path: string,
  content: Buffer | string,
  options: WriteWorkspaceFileOptions = {},
): Promise<boolean> {
  const target = resolveSafeChildPath(base, path);
  const existing = await lstat(target).catch(() => undefined);
  if (existing && options.overwrite === false) return false;
  if (existing?.isDirectory()) {
    throw new InputError(`Cannot write the file ${path}: it is a folder in the workspace`);
  }
  options.quota?.charge(Buffer.byteLength(content), path);
  await mkdir(dirname(target), { recursive: true });
  // The folders were created after the check: check again that no link leads outside.
  resolveSafeChildPath(base, path);
  await writeFile(target, content);
  if (options.executable) await chmod(target, 0o755);
  return true;
}
