import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Entity } from '@callboard/catalog-model';
import type { CatalogChange } from '@callboard/plugin-catalog/common';

/**
 * What the docs plugin needs from the catalog (its `CatalogService` fits as it is): entities by
 * ref, and a durable consumer of its change feed (ADR 0026) with the cursor in a docs table.
 */
export interface DocsCatalog {
  getEntityByRef(ref: string): Promise<Entity | undefined>;
  changes: {
    consume(options: {
      consumerId: string;
      knex: Knex;
      cursorTable: string;
      handle(changes: CatalogChange[], trx: Knex.Transaction): Promise<void>;
      resync(trx: Knex.Transaction): Promise<void>;
      logger: Logger;
    }): { start(): void; stop(): Promise<void> };
  };
}
