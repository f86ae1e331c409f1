import { definePlugin } from '@callboard/plugin-api/backend';
import type { CatalogService } from '@callboard/plugin-catalog/backend';
import { searchPluginId, searchRoutes } from '../common';
import { searchMigrations } from './migrations';
import { parseSearchRequest } from './parseSearchRequest';
import { searchConfigSchema, type SearchConfig } from './searchConfig';
import { createSearchIndexer, type DocsSearchSource, type SearchIndexer } from './searchIndex';
import { createSearchQuery } from './searchQuery';

export interface SearchDeps {
  catalog: Pick<CatalogService, 'getEntitiesByRefs' | 'changes'>;
  /** Every served entity's ref, so a rebuild finds entities the index never saw. */
  allEntityRefs?: () => Promise<string[]>;
  /** The docs plugin's page sections; optional until the docs plugin provides it. */
  docs?: DocsSearchSource;
}

/** What search offers other plugins: the docs plugin calls these after a build. */
export type SearchService = Pick<SearchIndexer, 'indexDocs' | 'removeDocs'> & {
  /** Rebuilds the whole index (recovery); answers how many documents it holds. */
  rebuild(): Promise<number>;
};

/** Full-text search over entities, templates and docs at `/api/search` (Backstage's query API). */
export const searchPlugin = definePlugin<SearchConfig, SearchDeps, SearchService>({
  id: searchPluginId,
  configSchema: searchConfigSchema,
  migrations: searchMigrations,
  async setup(context, deps) {
    const { database, logger, lifecycle } = context;
    const analyzer = context.config.pg.analyzer;
    const trigram = await loadTrigram(database.knex);
    logger.info({ trigram, analyzer }, 'search index ready');
    const indexer = createSearchIndexer({
      knex: database.knex,
      analyzer,
      catalog: deps.catalog,
      allEntityRefs: deps.allEntityRefs,
      docs: deps.docs,
    });
    const search = createSearchQuery({
      readKnex: database.readKnex,
      analyzer,
      trigram: () => trigram,
    });
    const consumer = deps.catalog.changes.consume({
      consumerId: 'search.index',
      knex: database.knex,
      cursorTable: 'search_consumer_cursors',
      handle: (changes, trx) => indexer.applyChanges(changes, trx),
      resync: async trx => {
        await indexer.rebuild(trx);
      },
      logger,
    });
    const rebuild = () => database.knex.transaction(trx => indexer.rebuild(trx));

    context.router.get(searchRoutes.query, async (req, res) => {
      res.json(await search(parseSearchRequest(req.originalUrl)));
    });
    context.router.post(searchRoutes.rebuild, async (_req, res) => {
      res.json({ documents: await rebuild() });
    });
    lifecycle.onStarted(() => consumer.start());
    lifecycle.onShutdown(() => consumer.stop());
    return { indexDocs: indexer.indexDocs, removeDocs: indexer.removeDocs, rebuild };
  },
});

/**
 * Typo tolerance needs pg_trgm. PostgreSQL usually has it; PGlite only when the backend loaded
 * the extension when it created the instance. Without it search still works, without typos.
 */
async function loadTrigram(knex: import('knex').Knex): Promise<boolean> {
  try {
    await knex.raw('create extension if not exists pg_trgm');
    await knex.raw(`select word_similarity('a', 'a')`);
    return true;
  } catch {
    return false;
  }
}
