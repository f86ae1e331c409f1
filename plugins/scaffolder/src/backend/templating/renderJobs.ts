import type { RenderStringOptions, TrackedValue } from './TemplateEngine';
import type { TemplateLimits } from './templateLimits';

/**
 * What the main thread asks a render worker to do, in one round trip each: all the strings of a
 * step's value, or all the files of a skeleton (ADR 0019). Plain data: it crosses threads by
 * structured clone.
 */
export type RenderJob =
  | {
      kind: 'value';
      value: unknown;
      context: Record<string, unknown>;
      secretPaths: string[][];
    }
  | {
      kind: 'string';
      template: string;
      context: Record<string, unknown>;
      options: RenderStringOptions;
    }
  | {
      kind: 'files';
      files: FileToRender[];
      context: Record<string, unknown>;
      options: RenderStringOptions;
    };

export interface FileToRender {
  /** The path as written in the skeleton; errors name it. */
  path: string;
  renderPath: boolean;
  /** Text to render; absent for a file copied as it is. */
  content?: string;
}

export interface RenderedFileText {
  path: string;
  /** The rendered text; absent when the file was copied as it is. */
  content?: string;
}

export type RenderJobResult<J extends RenderJob> = J extends { kind: 'value' }
  ? TrackedValue
  : J extends { kind: 'string' }
    ? string
    : RenderedFileText[];

export interface RenderWorkerData {
  limits: TemplateLimits;
}

export type RenderRequest = { id: number; job: RenderJob };

export type RenderResponse =
  | { ready: true }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; name: string; message: string };
