export { searchPlugin, type SearchDeps, type SearchService } from './searchPlugin';
export type { DocsSearchSource } from './searchIndex';
