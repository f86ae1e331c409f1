import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '@callboard/plugin-api/common';

/** Whether `child` is `parent` or inside it (both absolute and normalised). */
export function isChildPath(parent: string, child: string): boolean {
  const inside = relative(parent, child);
  return (
    inside === '' || (inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside))
  );
}

const exists = (path: string) => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * The real path of `path`, or of its deepest existing ancestor joined with the rest. Undefined
 * when a part exists but cannot be resolved: a link to nowhere, which a write would follow.
 */
function realPathOfDeepestExisting(path: string): string | undefined {
  let existing = path;
  for (;;) {
    try {
      return resolve(realpathSync(existing), relative(existing, path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = dirname(existing);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === existing) throw error;
      if (exists(existing)) return undefined;
      existing = parent;
    }
  }
}

/** The error for a relative path that leads out of the workspace. */
export function outsideWorkspaceError(path: string): InputError {
  return new InputError(
    `Relative path "${path}" is not allowed to refer to a directory outside the workspace`,
  );
}

/**
 * Resolves a path a template gave (a `targetPath`, a file to rename or delete) inside `base` (the
 * workspace, or a folder in it). Refuses absolute paths, `..` that leaves `base`, and paths
 * through symbolic links that lead outside it (the deepest existing part is resolved with
 * realpath). Returns the absolute path, not following links.
 */
export function resolveSafeChildPath(base: string, path: string): string {
  if (path.includes('\0')) throw new InputError('A path must not contain NUL bytes');
  if (isAbsolute(path)) {
    throw new InputError(
      `Absolute path "${path}" is not allowed: paths are relative to the workspace`,
    );
  }
  const root = resolve(base);
  const target = resolve(root, path);
  const outside = () => outsideWorkspaceError(path);
  if (!isChildPath(root, target)) throw outside();
  const realRoot = realPathOfDeepestExisting(root);
  const realTarget = realPathOfDeepestExisting(target);
  if (!realRoot || !realTarget || !isChildPath(realRoot, realTarget)) throw outside();
  return target;
}
