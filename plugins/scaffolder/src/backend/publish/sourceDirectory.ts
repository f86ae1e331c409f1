import { realpath, stat } from 'node:fs/promises';
import { join, relative, isAbsolute, sep } from 'node:path';
import { InputError } from '@callboard/plugin-api/common';

/**
 * The folder `publish:git` commits: `sourcePath` inside the workspace (default: all of it).
 * Absolute paths and `..` segments are refused outright, and the real path (symlinks resolved)
 * must still be inside the workspace, so a template cannot publish files from the host.
 */
export async function resolveSourceDirectory(
  workspacePath: string,
  sourcePath: string | undefined,
): Promise<string> {
  const written = sourcePath?.trim() ?? '';
  if (isAbsolute(written) || /^[A-Za-z]:[\\/]/.test(written)) {
    throw new InputError(`sourcePath must be relative to the workspace, not ${written}`);
  }
  const segments = written.split(/[\\/]/).filter(segment => segment !== '' && segment !== '.');
  if (segments.some(segment => segment === '..' || segment.includes('\0'))) {
    throw new InputError(`sourcePath must stay inside the workspace: ${written}`);
  }
  const root = await realpath(workspacePath);
  const candidate = join(root, ...segments);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new InputError(`sourcePath ${written} does not exist in the workspace`);
  }
  const inside = relative(root, real);
  if (inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    throw new InputError(`sourcePath must stay inside the workspace: ${written} leads outside it`);
  }
  if (!(await stat(real)).isDirectory()) {
    throw new InputError(`sourcePath ${written} is not a folder`);
  }
  return real;
}
