import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Entity } from '@callboard/catalog-model';
import type { CatalogChange } from '@callboard/plugin-catalog/common';

/**
 * The part of the catalog's `CatalogService` this plugin uses, written out here because a plugin
 * imports another only through its `common`; the backend passes the catalog service itself.
 */
export interface VersionsCatalog {
  getEntityByRef(ref: string): Promise<Entity | undefined>;
  getEntitiesByRefs(refs: readonly string[]): Promise<Array<Entity | undefined>>;
  changes: {
    consume(options: {
      consumerId: string;
      knex: Knex;
      cursorTable: string;
      handle(changes: CatalogChange[], trx: Knex.Transaction): Promise<void>;
      resync(trx: Knex.Transaction): Promise<void>;
      logger: Logger;
      batchSize?: number;
    }): { catchUp(): Promise<number>; start(): void; stop(): Promise<void> };
    onChange(listener: () => void): () => void;
  };
}
