import { stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { InputError, NotFoundError } from '@callboard/plugin-api/common';
import type { ReaderLocation, ScaffolderReader } from '../../ScaffolderDeps';

export interface TemplateFile {
  /** Relative to the folder read, with `/` separators. */
  path: string;
  content: Buffer;
  /** Executable in the template (known for templates from files; git does not tell the reader). */
  executable: boolean;
}

interface ReadContext {
  reader: ScaffolderReader;
  signal: AbortSignal;
}

/** Whether a file template's file is executable (false when that cannot be told). */
async function isExecutable(location: ReaderLocation): Promise<boolean> {
  if (location.type !== 'file') return false;
  try {
    return ((await stat(location.target)).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function decodedSegments(url: string): string[] {
  return new URL(url).pathname
    .split('/')
    .filter(segment => segment !== '')
    .map(segment => decodeURIComponent(segment));
}

/**
 * A file's path relative to the folder URL that was read as `<folder>/**`. The reader answers
 * with `…/blob/<ref>/<path>` URLs whatever form the folder URL had (`tree` or `blob`), so the
 * segments are compared one by one, letting only the view word differ.
 */
function relativeUrlPath(folder: string, file: string): string | undefined {
  const folderSegments = decodedSegments(folder);
  const fileSegments = decodedSegments(file);
  if (fileSegments.length <= folderSegments.length) return undefined;
  const views = new Set(['blob', 'tree']);
  for (const [index, segment] of folderSegments.entries()) {
    const other = fileSegments[index] ?? '';
    if (segment !== other && !(views.has(segment) && views.has(other))) return undefined;
  }
  return fileSegments.slice(folderSegments.length).join('/');
}

/** Reads every file in a template folder, dotfiles included. */
export async function readTemplateFolder(
  context: ReadContext,
  location: ReaderLocation,
  url: string,
): Promise<TemplateFile[]> {
  const folder =
    location.type === 'file'
      ? location.target.replace(/[/\\]+$/, '')
      : location.target.replace(/\/+$/, '');
  const glob = location.type === 'file' ? `${folder}${sep}**` : `${folder}/**`;
  const { files } = await context.reader.readLocation(
    { type: location.type, target: glob },
    { signal: context.signal, dot: true },
  );
  if (files.length === 0) {
    throw new NotFoundError(`There are no files to fetch at ${JSON.stringify(url)}`);
  }
  const result: TemplateFile[] = [];
  for (const file of files) {
    const path =
      location.type === 'file'
        ? relative(folder, file.location.target).split(sep).join('/')
        : relativeUrlPath(folder, file.location.target);
    if (path === undefined || path === '' || path.startsWith('..')) {
      throw new Error(`Reading ${url} returned ${file.location.target}, outside the folder read`);
    }
    result.push({ path, content: file.content, executable: await isExecutable(file.location) });
  }
  return result;
}

/** Reads one template file. */
export async function readTemplateFile(
  context: ReadContext,
  location: ReaderLocation,
  url: string,
): Promise<Omit<TemplateFile, 'path'>> {
  const { files } = await context.reader.readLocation(location, { signal: context.signal });
  const [file] = files;
  if (!file || files.length > 1) {
    throw new InputError(`${JSON.stringify(url)} must name exactly one file`);
  }
  return { content: file.content, executable: await isExecutable(file.location) };
}
