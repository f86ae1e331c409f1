import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file (and link) under a folder, relative, sorted, with `/` separators. */
export function listFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter(entry => !entry.isDirectory())
    .map(entry => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}
