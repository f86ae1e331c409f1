import type { PluginMigration } from '@callboard/plugin-api/backend';
import { createSearchDocuments } from './20261207223000_create_search_documents';
import { createSearchConsumerCursors } from './20261207223100_create_search_consumer_cursors';
import { createSearchPendingEntities } from './20261207223200_create_search_pending_entities';

/** In order; one file per migration. */
export const searchMigrations: PluginMigration[] = [
  createSearchDocuments,
  createSearchConsumerCursors,
  createSearchPendingEntities,
];
