import { isUtf8 } from 'node:buffer';
import picomatch from 'picomatch';
import type { FileToRender } from '../../templating/renderJobs';
import type { RenderStringOptions } from '../../templating/TemplateEngine';
import type { TemplateRenderer } from '../../templating/TemplateRenderer';
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
  /** Stops the render when aborted. */
  signal?: AbortSignal;
}

export interface RenderedFile {
  /** The rendered path, relative to the target folder. */
  path: string;
  content: Buffer;
  executable: boolean;
}

/**
 * Renders a skeleton: every file's path (folder names included) and, for text files, its
 * content, all in one round trip to a render worker (ADR 0019). A file whose rendered name is
 * empty is left out (`{% if values.x %}name{% endif %}` makes a file optional). Errors name the
 * file.
 */
export async function renderTemplateFiles(
  files: TemplateFile[],
  options: RenderFilesOptions,
): Promise<RenderedFile[]> {
  const { renderer, values, templateFileExtension } = options;
  const renderOptions: RenderStringOptions = {
    cookiecutterCompat: options.cookiecutterCompat ?? false,
    trimBlocks: options.trimBlocks ?? false,
    lstripBlocks: options.lstripBlocks ?? false,
  };
  const verbatim = options.copyWithoutTemplating.length
    ? picomatch(options.copyWithoutTemplating, { dot: true })
    : () => false;
  const jobs: FileToRender[] = files.map(file => {
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
    return {
      path,
      renderPath: !copyAsIs,
      ...(renderContent && !isBinary(file.content)
        ? { content: file.content.toString('utf8') }
        : {}),
    };
  });
  const texts = await renderer.renderFiles(
    jobs,
    { values },
    {
      ...renderOptions,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  const rendered: RenderedFile[] = [];
  files.forEach((file, index) => {
    const text = texts[index]!;
    // An empty file or folder name: the template left this file out.
    if (text.path.split('/').some(segment => segment.trim() === '')) return;
    rendered.push({
      path: text.path,
      content: text.content === undefined ? file.content : Buffer.from(text.content),
      executable: file.executable,
    });
  });
  return rendered;
}
