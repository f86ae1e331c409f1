import type { PluginMigration } from '@callboard/plugin-api/backend';
import { createCatalog } from './20261123120000_create_catalog';
import { catalogSearchQueryIndexes } from './20261124090000_catalog_search_query_indexes';
import { catalogFinalEntitiesUpdatedAt } from './20261125090000_catalog_final_entities_updated_at';
import { catalogFinalEntitiesChangeNotify } from './20261126090000_catalog_final_entities_change_notify';
import { catalogRefreshStateJsonEntities } from './20261126100000_catalog_refresh_state_json_entities';
import { catalogSearchKind } from './20261126110000_catalog_search_kind';
import { catalogFinalEntitiesRefCollateC } from './20261127090000_catalog_final_entities_ref_collate_c';
import { catalogSearchKindSortKeysOnly } from './20261127100000_catalog_search_kind_sort_keys_only';
import { catalogChangeFeed } from './20261207120000_catalog_change_feed';
import { catalogOrphanRemovals } from './20261207180000_catalog_orphan_removals';

export { entitiesChangedChannel } from './20261126090000_catalog_final_entities_change_notify';

/**
 * Every migration of the catalog's tables, in the order they were written: what the plugin and
 * table-level tests use. A database remembers each applied one by its `name` (in
 * `catalog_knex_migrations`): a name never changes, and a new migration goes at the end with a
 * later timestamp (its file named after it).
 */
export const catalogPluginMigrations: readonly PluginMigration[] = [
  createCatalog,
  catalogSearchQueryIndexes,
  catalogFinalEntitiesUpdatedAt,
  catalogFinalEntitiesChangeNotify,
  catalogRefreshStateJsonEntities,
  catalogSearchKind,
  catalogFinalEntitiesRefCollateC,
  catalogSearchKindSortKeysOnly,
  catalogChangeFeed,
  catalogOrphanRemovals,
];
