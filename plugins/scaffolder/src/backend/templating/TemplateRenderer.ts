import type { FileToRender, RenderedFileText } from './renderJobs';
import type { RenderStringOptions, TrackedValue } from './TemplateEngine';

export interface RenderCallOptions {
  /** Stops the render (its worker is terminated) when aborted. */
  signal?: AbortSignal;
}

/**
 * Backstage's `${{ … }}` templating (backstage-spec §4.3), sandboxed (ADR 0011) and bounded from
 * outside (ADR 0019): every call is one round trip to a worker thread with a heap cap and a hard
 * deadline, so no template can block the server or exhaust its memory. A render over a bound
 * fails with `RenderLimitError` ("template rendering exceeded 5 s / 256 MB").
 */
export interface TemplateRenderer {
  /**
   * Renders every string in a value (see `TemplateEngine.renderValue`), the strings under
   * `secretPaths` of the context being secrets: the answer lists every rendered string that read
   * one (ADR 0019).
   */
  renderValue(
    value: unknown,
    context: Readonly<Record<string, unknown>>,
    options?: RenderCallOptions & { secretPaths?: ReadonlyArray<readonly string[]> },
  ): Promise<TrackedValue>;
  /** Renders one string (`${{ }}` expressions and `{% %}` tags) to a string. */
  renderString(
    template: string,
    context: Readonly<Record<string, unknown>>,
    options?: RenderStringOptions & RenderCallOptions,
  ): Promise<string>;
  /** Renders the paths and texts of many files in one round trip; errors name the file. */
  renderFiles(
    files: FileToRender[],
    context: Readonly<Record<string, unknown>>,
    options?: RenderStringOptions & RenderCallOptions,
  ): Promise<RenderedFileText[]>;
}
