import type { Knex } from 'knex';
import { acknowledgeChanges, readChanges } from '../database/changeFeedStore';
import type { CatalogChangeFeed } from './createChangeConsumer';

/** The feed over the catalog's tables; `subscribe` adds a listener to the catalog's NOTIFY. */
export function createChangeFeed(options: {
  knex: Knex;
  subscribe(listener: () => void): () => void;
}): CatalogChangeFeed {
  return {
    read: ({ after, limit }) =>
      readChanges(options.knex, after, Math.min(Math.max(limit, 1), 5000)),
    acknowledge: (consumerId, position) => acknowledgeChanges(options.knex, consumerId, position),
    onChange: listener => options.subscribe(listener),
  };
}
