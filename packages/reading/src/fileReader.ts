import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { isAbsolute, normalize, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import type { ReadFile, ReadResult } from '@callboard/plugin-api/backend';
import { comparePaths, globBase, isGlob } from './globs';
import type { ReadingConfig } from './readingConfig';

export interface FileReader {
  /** Reads an absolute path, or every file an absolute glob matches (`dot`: dotfiles too). */
  read(
    path: string,
    options: { signal: AbortSignal; single: boolean; dot?: boolean },
  ): Promise<ReadResult>;
}

/** Checks a `file` target: an absolute path without NUL bytes. Returns it normalised. */
export function checkFileTarget(target: string): string {
  if (target.includes('\0')) throw new InputError('A file path must not contain NUL bytes');
  if (!isAbsolute(target)) {
    throw new InputError(`A file location needs an absolute path, not ${JSON.stringify(target)}`);
  }
  return normalize(target);
}

/** The version of files read from disk: a hash of their paths and contents. */
function versionOf(files: ReadFile[]): string {
  const hash = createHash('sha256');
  for (const file of files)
    hash.update(file.location.target).update('\0').update(file.content).update('\0');
  return `sha256:${hash.digest('hex')}`;
}

export function createFileReader(options: { config: ReadingConfig }): FileReader {
  const { maxFileBytes, maxFiles } = options.config.limits;

  /** Reads at most `maxFileBytes`; a bigger (or growing) file fails before it is all in memory. */
  const readLimited = async (path: string): Promise<Buffer> => {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR')
        throw new NotFoundError(`There is no file ${path}`);
      throw new Error(`Cannot read ${path}: ${code ?? (error as Error).message}`, { cause: error });
    }
    try {
      const stats = await handle.stat();
      if (stats.isDirectory()) throw new InputError(`${path} is a folder, not a file`);
      if (!stats.isFile()) throw new InputError(`${path} is not a regular file`);
      const tooLarge = (size: string) =>
        new InputError(
          `${path} is ${size} the limit of ${maxFileBytes} bytes (catalog.reading.maxFileBytes)`,
        );
      if (stats.size > maxFileBytes) throw tooLarge(`${stats.size} bytes, over`);
      // Sized by the file's size; a file that grows while being read gets a bigger buffer, up to
      // one byte over the limit (which is then refused).
      let buffer = Buffer.alloc(Math.min(stats.size, maxFileBytes) + 1);
      let length = 0;
      for (;;) {
        if (length === buffer.length) {
          if (length > maxFileBytes) throw tooLarge('larger than');
          const bigger = Buffer.alloc(Math.min(buffer.length * 2, maxFileBytes + 1));
          buffer.copy(bigger);
          buffer = bigger;
        }
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > maxFileBytes) throw tooLarge('larger than');
      return buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  };

  return {
    async read(target, { signal, single, dot = false }) {
      const path = checkFileTarget(target);
      if (!isGlob(path)) {
        const files = [
          { location: { type: 'file' as const, target: path }, content: await readLimited(path) },
        ];
        return { files, version: versionOf(files) };
      }
      if (single) throw new InputError(`${path} is a glob; only one file can be read here`);
      const segments = path.split(sep).filter(Boolean);
      const { base, pattern } = globBase(segments);
      const cwd = `${sep}${base.join(sep)}`;
      const matches = (
        await glob(pattern.join('/'), { cwd, absolute: true, onlyFiles: true, dot, signal })
      )
        .map(match => normalize(match))
        .sort(comparePaths);
      if (matches.length > maxFiles) {
        throw new InputError(
          `The glob ${path} matches ${matches.length} files, more than ${maxFiles} (catalog.reading.maxFiles)`,
        );
      }
      const files: ReadFile[] = [];
      for (const match of matches) {
        signal.throwIfAborted();
        files.push({
          location: { type: 'file', target: match },
          content: await readLimited(match),
        });
      }
      return { files, version: versionOf(files) };
    },
  };
}
