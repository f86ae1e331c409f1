export {
  createTemplateRenderer,
  defaultRendererOptions,
  RenderAbortedError,
  RenderLimitError,
  type PooledTemplateRenderer,
  type TemplateRendererOptions,
} from './createTemplateRenderer';
export { createTemplateEngine, type TemplateEngineOptions } from './createTemplateEngine';
export { defaultTemplateLimits, type TemplateLimits } from './templateLimits';
export type { FileToRender, RenderedFileText } from './renderJobs';
export type {
  RenderStringOptions,
  RevealedSecret,
  TemplateEngine,
  TrackedValue,
} from './TemplateEngine';
export type { RenderCallOptions, TemplateRenderer } from './TemplateRenderer';
