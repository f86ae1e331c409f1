export { docsPlugin, type DocsConfig } from './docsPlugin';
export type { DocsCatalog } from './DocsCatalog';
