export {
  searchPlugin,
  type SearchCatalog,
  type SearchDeps,
  type SearchService,
} from './searchPlugin';
export type { DocsSearchSource } from './searchIndex';
