import { definePlugin } from '@callboard/plugin-api/backend';
import type { Entity } from '@callboard/catalog-model';
import type { CatalogChange } from '@callboard/plugin-catalog/common';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { searchPluginId, searchRoutes } from '../common';
import { searchMigrations } from './migrations/index';
import { parseSearchRequest } from './parseSearchRequest';
import { searchConfigSchema, type SearchConfig } from './searchConfig';
import { createSearchIndexer, type DocsSearchSource, type SearchIndexer } from './searchIndex';
import { createSearchQuery } from './searchQuery';

/** The catalog as search uses it (the catalog's `CatalogService` fits it as it is). */
export interface SearchCatalog {
  getEntitiesByRefs(refs: readonly string[]): Promise<Array<Entity | undefined>>;
  changes: {
    consume(options: {
      consumerId: string;
      knex: Knex;
      cursorTable: string;
      handle(changes: CatalogChange[], trx: Knex.Transaction): Promise<void>;
      resync(trx: Knex.Transaction): Promise<void>;
      logger: Logger;
    }): { start(): void; stop(): Promise<void>; catchUp(): Promise<number> };
  };
}

export interface SearchDeps {
  catalog: SearchCatalog;
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
    // Indexing runs after the consumer's transaction commits; one drain at a time.
    const drains = createSingleFlight(() => indexer.drain(), logger);
    let rebuildAfterResync = false;
    const consumer = deps.catalog.changes.consume({
      consumerId: 'search.index',
      knex: database.knex,
      cursorTable: 'search_consumer_cursors',
      handle: async (changes, trx) => {
        await indexer.applyChanges(changes, trx);
        void trx.executionPromise.then(drains.run, () => undefined);
      },
      resync: async trx => {
        await indexer.queueKnown(trx);
        rebuildAfterResync = true;
        void trx.executionPromise.then(
          () => {
            if (rebuildAfterResync) {
              rebuildAfterResync = false;
              void rebuild().catch((error: unknown) =>
                logger.error({ err: error }, 'rebuilding the search index failed'),
              );
            }
          },
          () => undefined,
        );
      },
      logger,
    });
    const rebuild = () => indexer.rebuild();

    context.router.get(searchRoutes.query, async (req, res) => {
      res.json(await search(parseSearchRequest(req.originalUrl)));
    });
    context.router.post(searchRoutes.rebuild, async (_req, res) => {
      res.json({ documents: await rebuild() });
    });
    lifecycle.onStarted(() => {
      consumer.start();
      drains.run();
    });
    lifecycle.onShutdown(() => consumer.stop());
    return { indexDocs: indexer.indexDocs, removeDocs: indexer.removeDocs, rebuild };
  },
});

/**
 * Typo tolerance needs pg_trgm. PostgreSQL usually has it; PGlite only when the backend loaded
 * the extension when it created the instance. Without it search still works, without typos.
 */
async function loadTrigram(knex: Knex): Promise<boolean> {
  try {
    await knex.raw('create extension if not exists pg_trgm');
    await knex.raw(`select word_similarity('a', 'a')`);
    return true;
  } catch {
    return false;
  }
}

/** Runs `task` now, or once more right after the run in progress; a failure is retried in 5 s. */
function createSingleFlight(task: () => Promise<unknown>, logger: Logger) {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = task()
      .then(() => undefined)
      .catch((error: unknown) => {
        logger.error({ err: error }, 'indexing queued entities failed; trying again');
        setTimeout(run, 5_000).unref();
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return { run };
}
