export { catalogPlugin } from './catalogPlugin';
export type { CatalogService } from './CatalogService';
export type {
  CatalogChangeFeed,
  ChangeConsumer,
  ChangeConsumerOptions,
} from './changes/createChangeConsumer';
