import { definePlugin } from '@callboard/plugin-api/backend';
import {
  createEntitiesQueryService,
  type EntitiesQueryServiceOptions,
} from '../createEntitiesQueryService';
import { createEntitiesRouter } from '../createEntitiesRouter';
import { catalogPluginMigrations } from '../../database/migrations';

/**
 * A plugin with the catalog's id and tables that serves only the entity READ endpoints, so they
 * are tested through the real backend without the processing engine.
 */
export function createEntitiesTestPlugin(options: Omit<EntitiesQueryServiceOptions, 'knex'> = {}) {
  return definePlugin({
    id: 'catalog',
    migrations: catalogPluginMigrations,
    setup(context) {
      const service = createEntitiesQueryService({ knex: context.database.knex, ...options });
      context.router.use(createEntitiesRouter({ service }));
    },
  });
}
