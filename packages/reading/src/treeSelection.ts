import picomatch from 'picomatch';
import { InputError } from '@callboard/plugin-api/common';
import { ReadTooLargeError } from './readingErrors';

/** Which files of a folder a tree read keeps, and how many bytes it may hold (ReadTreeOptions). */
export interface TreeSelection {
  globs?: string[];
  paths?: string[];
  maxBytes?: number;
}

/**
 * Whether a path relative to the folder is selected: it matches one of the globs (dotfiles too,
 * as a tree read means every file) and is one of the paths or under one of them. No globs or
 * paths select everything.
 */
export function treeMatcher(selection: TreeSelection): (path: string) => boolean {
  const globs = selection.globs?.length ? picomatch(selection.globs, { dot: true }) : undefined;
  const paths = selection.paths?.map(path => path.replace(/^\.?\/+|\/+$/g, ''));
  return path =>
    (!globs || globs(path)) &&
    (!paths ||
      paths.some(prefix => prefix === '' || path === prefix || path.startsWith(`${prefix}/`)));
}

/**
 * Refuses a selection over the limits before its contents are read: more files than `maxFiles`,
 * one file over `maxFileBytes`, or more bytes together than `maxBytes`.
 */
export function checkTreeLimits(options: {
  what: string;
  files: Array<{ location: string; size: number }>;
  limits: { maxFileBytes: number; maxFiles: number };
  maxBytes?: number;
}): void {
  const { what, files, limits, maxBytes } = options;
  if (files.length > limits.maxFiles) {
    throw new InputError(
      `${what} holds ${files.length} files, more than ${limits.maxFiles} (catalog.reading.maxFiles)`,
    );
  }
  let total = 0;
  for (const file of files) {
    if (file.size > limits.maxFileBytes) {
      throw new InputError(
        `${file.location} is ${file.size} bytes, over the limit of ${limits.maxFileBytes} bytes (catalog.reading.maxFileBytes)`,
      );
    }
    total += file.size;
  }
  if (maxBytes !== undefined && total > maxBytes) {
    throw new ReadTooLargeError(
      `${what} holds ${total} bytes in ${files.length} files, more than the ${maxBytes} bytes asked for (maxBytes)`,
    );
  }
}
