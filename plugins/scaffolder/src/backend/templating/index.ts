export { createTemplateRenderer, type TemplateRendererOptions } from './createTemplateRenderer';
export { defaultTemplateLimits, type TemplateLimits } from './templateLimits';
export type { RenderStringOptions, TemplateRenderer } from './TemplateRenderer';
