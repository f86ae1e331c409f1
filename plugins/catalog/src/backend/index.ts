export { catalogPlugin } from './catalogPlugin';
export type { CatalogApi } from './CatalogApi';
