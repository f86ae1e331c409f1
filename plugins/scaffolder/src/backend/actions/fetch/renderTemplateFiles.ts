import { isUtf8 } from 'node:buffer';
import picomatch from 'picomatch';
import { InputError } from '@callboard/plugin-api/common';
import type { RenderStringOptions, TemplateRenderer } from '../../templating/TemplateRenderer';
import type { TemplateFile } from './readTemplateFiles';

/** How many bytes decide whether a file is binary (as git does: a NUL byte early on). */
const sniffBytes = 8000;

/** Binary files (a NUL byte near the start, or not UTF-8) are copied, never rendered. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, sniffBytes).includes(0) || !isUtf8(content);
}

export interface RenderFilesOptions extends RenderStringOptions {
  renderer: TemplateRenderer;
  values: Record<string, unknown>;
  /** Globs (relative to the template folder) of files copied without rendering name or content. */
  copyWithoutTemplating: string[];
  /** Render only files with this extension (which is removed); others are copied. */
  templateFileExtension?: string;
}

export interface RenderedFile {
  /** The rendered path, relative to the target folder. */
  path: string;
  content: Buffer;
  executable: boolean;
}

/**
 * Renders a skeleton: every file's path (folder names included) and, for text files, its
 * content. A file whose rendered name is empty is left out (`{% if values.x %}name{% endif %}`
 * makes a file optional). Errors name the file.
 */
export function renderTemplateFiles(
  files: TemplateFile[],
  options: RenderFilesOptions,
): RenderedFile[] {
  const { renderer, values, templateFileExtension } = options;
  const renderOptions: RenderStringOptions = {
    cookiecutterCompat: options.cookiecutterCompat ?? false,
    trimBlocks: options.trimBlocks ?? false,
    lstripBlocks: options.lstripBlocks ?? false,
  };
  const context = { values };
  const verbatim = options.copyWithoutTemplating.length
    ? picomatch(options.copyWithoutTemplating, { dot: true })
    : () => false;
  const rendered: RenderedFile[] = [];
  for (const file of files) {
    const inFile = (error: unknown) =>
      error instanceof InputError ? new InputError(`${file.path}: ${error.message}`) : error;
    // A glob naming a folder (`static`) keeps all of it verbatim, as `static/**` would.
    const copyAsIs = file.path
      .split('/')
      .some((_, index, parts) => verbatim(parts.slice(0, index + 1).join('/')));
    let renderContent = !copyAsIs;
    let path = file.path;
    if (templateFileExtension !== undefined) {
      renderContent = path.endsWith(templateFileExtension);
      if (renderContent) path = path.slice(0, -templateFileExtension.length);
    }
    if (!copyAsIs) {
      try {
        path = renderer.renderString(path, context, renderOptions);
      } catch (error) {
        throw inFile(error);
      }
    }
    // An empty file or folder name: the template left this file out.
    if (path.split('/').some(segment => segment.trim() === '')) continue;
    let content = file.content;
    if (renderContent && !isBinary(content)) {
      try {
        content = Buffer.from(
          renderer.renderString(content.toString('utf8'), context, renderOptions),
        );
      } catch (error) {
        throw inFile(error);
      }
    }
    rendered.push({ path, content, executable: file.executable });
  }
  return rendered;
}
