import type { Database } from '@callboard/backend';
import type { PluginDatabase } from '@callboard/plugin-api/backend';

/**
 * The database handle a plugin is given, made from a test database: its NOTIFY channels carry
 * the plugin's prefix, as the backend's own `startPlugins` scopes them.
 */
export function pluginDatabaseOf(database: Database, pluginId: string): PluginDatabase {
  const prefix = `${pluginId.replace(/-/g, '_')}_`;
  return {
    knex: database.knex,
    readKnex: database.readKnex,
    engine: database.engine,
    listen: (channel, onNotify) => database.listen(prefix + channel, onNotify),
    notify: (channel, payload, trx) => database.notify(prefix + channel, payload, trx),
  };
}
