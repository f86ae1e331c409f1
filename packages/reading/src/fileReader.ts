import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import type { ReadFile, ReadResult, ReadTreeResult, TreeFile } from '@callboard/plugin-api/backend';
import { comparePaths, globBase, isGlob } from './globs';
import type { ReadingConfig } from './readingConfig';
import { checkTreeLimits, treeMatcher, type TreeSelection } from './treeSelection';

export interface FileReader {
  /** Reads an absolute path, or every file an absolute glob matches (`dot`: dotfiles too). */
  read(
    path: string,
    options: { signal: AbortSignal; single: boolean; dot?: boolean },
  ): Promise<ReadResult>;
  /** Every selected file under an absolute folder, dotfiles included. */
  readTree(
    folder: string,
    options: { signal: AbortSignal; selection: TreeSelection },
  ): Promise<ReadTreeResult>;
  /** The version of a folder (as `readTree`) or of a single file (as `read`). */
  versionOf(path: string, options: { signal: AbortSignal }): Promise<string>;
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

  /** The folder's files that the selection keeps, relative to it with `/`, sorted. */
  const selectFiles = async (folder: string, selection: TreeSelection, signal: AbortSignal) => {
    const info = await stat(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
        throw new NotFoundError(`There is no folder ${folder}`);
      }
      throw new Error(`Cannot read ${folder}: ${error.code ?? error.message}`, { cause: error });
    });
    if (!info.isDirectory()) throw new InputError(`${folder} is not a folder`);
    // Every file under the folder, then the selection: a caller's glob (`../**`) never makes
    // the listing leave the folder.
    const matches = treeMatcher(selection);
    const found = await glob('**', { cwd: folder, onlyFiles: true, dot: true, signal });
    return found
      .map(path => path.split(sep).join('/'))
      .filter(matches)
      .sort(comparePaths);
  };

  const readTree = async (
    target: string,
    { signal, selection }: { signal: AbortSignal; selection: TreeSelection },
  ): Promise<ReadTreeResult> => {
    const folder = checkFileTarget(target);
    const paths = await selectFiles(folder, selection, signal);
    const sized = await Promise.all(
      paths.map(async path => ({
        location: join(folder, path),
        size: (await stat(join(folder, path))).size,
      })),
    );
    checkTreeLimits({
      what: `The folder ${folder}`,
      files: sized,
      limits: { maxFileBytes, maxFiles },
      ...(selection.maxBytes === undefined ? {} : { maxBytes: selection.maxBytes }),
    });
    const files: TreeFile[] = [];
    for (const path of paths) {
      signal.throwIfAborted();
      const location = join(folder, path);
      files.push({
        path,
        location: { type: 'file', target: location },
        content: await readLimited(location),
      });
    }
    return { files, version: versionOf(files) };
  };

  return {
    readTree,

    async versionOf(target, { signal }) {
      const path = checkFileTarget(target);
      const isFolder = await stat(path).then(
        info => info.isDirectory(),
        () => false,
      );
      if (isFolder) return (await readTree(path, { signal, selection: {} })).version;
      const files = [
        { location: { type: 'file' as const, target: path }, content: await readLimited(path) },
      ];
      return versionOf(files);
    },

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
