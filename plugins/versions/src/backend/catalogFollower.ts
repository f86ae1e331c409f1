import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { getEntitySourceLocation, type Entity } from '@callboard/catalog-model';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { describeForUser, InputError, toStorableText } from '@callboard/plugin-api/common';
import { environmentOfEntity } from './environments';
import { replaceTagReleases } from './releaseStore';
import {
  defaultTagPattern,
  tagPatternAnnotation,
  tagPatternProblem,
  versionOfTag,
} from './tagPattern';
import type { VersionsCatalog } from './versionsCatalog';

interface SourceRow {
  entity_ref: string;
  repository: string;
  tag_pattern: string;
  requested_at: Date;
}

export interface CatalogFollower {
  /** Follows the feed, reads the entities it names, refreshes due tags; one run at a time. */
  wake(): void;
  /** Runs until nothing is left to do now (tests, start-up). */
  runOnce(): Promise<void>;
  /** Asks for every source's tags again (the periodic re-read; pushes that changed no entity). */
  requestAllTags(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Keeps the plugin's view of the catalog current: environments (Resources of type
 * `environment`) and the repositories whose tags are a component's releases. The change feed is
 * applied in its own transaction, which only queues the refs it names; the entities are read
 * from the catalog after it commits (PGlite has one connection, held by an open transaction),
 * and tags are read from repositories after that, outside any transaction.
 */
export function createCatalogFollower(options: {
  knex: Knex;
  catalog: VersionsCatalog;
  reader: RepositoryReader;
  logger: Logger;
}): CatalogFollower {
  const { knex, catalog, reader, logger } = options;
  const consumer = catalog.changes.consume({
    consumerId: 'versions.entities',
    knex,
    cursorTable: 'versions_change_cursors',
    logger,
    async handle(changes, trx) {
      for (const change of changes) {
        await trx('versions_entity_queue')
          .insert({ entity_ref: change.entityRef, seq: change.seq })
          .onConflict('entity_ref')
          .merge();
      }
    },
    // The catalog offers no listing to rebuild from: look again at every entity known here.
    async resync(trx) {
      const known = (await trx
        .select('entity_ref')
        .from('versions_sources')
        .union(trx.select('entity_ref').from('versions_catalog_environments'))) as Array<{
        entity_ref: string;
      }>;
      for (const row of known) {
        await trx('versions_entity_queue')
          .insert({ entity_ref: row.entity_ref, seq: 0 })
          .onConflict('entity_ref')
          .ignore();
      }
    },
  });

  async function applyQueue(): Promise<void> {
    for (;;) {
      const queued = (await knex('versions_entity_queue')
        .orderBy('entity_ref')
        .limit(200)) as Array<{ entity_ref: string; seq: string | number }>;
      if (queued.length === 0) return;
      const entities = await catalog.getEntitiesByRefs(queued.map(row => row.entity_ref));
      await knex.transaction(async trx => {
        for (const [index, row] of queued.entries()) {
          await applyEntity(trx, reader, row.entity_ref, entities[index]);
          // A change queued meanwhile (a higher seq) stays for the next round.
          await trx('versions_entity_queue')
            .where({ entity_ref: row.entity_ref, seq: row.seq })
            .delete();
        }
      });
    }
  }

  async function refreshDueTags(): Promise<void> {
    const due = (await knex('versions_sources')
      .whereNull('refreshed_at')
      .orWhereRaw('refreshed_at < requested_at')
      .orderBy('requested_at')
      .limit(50)) as SourceRow[];
    for (const source of due) {
      const startedAt = new Date();
      try {
        const patternProblem = tagPatternProblem(source.tag_pattern);
        if (patternProblem) throw new InputError(patternProblem);
        const tags = await reader.listTags(
          { type: 'url', target: source.repository },
          { fresh: true },
        );
        const releases = tags.flatMap(tag => {
          const version = versionOfTag(tag.name, source.tag_pattern);
          return version ? [{ version, commit: tag.commit }] : [];
        });
        await knex.transaction(async trx => {
          await replaceTagReleases(trx, source.entity_ref, dedupe(releases));
          await trx('versions_sources')
            .where({ entity_ref: source.entity_ref })
            .update({ refreshed_at: startedAt, problem: null });
        });
      } catch (error) {
        // The last known releases stay; the problem is shown with them.
        const problem =
          error instanceof InputError && error.message.startsWith('The tag pattern')
            ? error.message
            : `Could not read the tags of ${source.repository}: ${describeForUser(error as Error)}`;
        logger.warn({ entityRef: source.entity_ref }, problem);
        await knex('versions_sources')
          .where({ entity_ref: source.entity_ref })
          .update({ refreshed_at: startedAt, problem: toStorableText(problem) });
      }
    }
  }

  let running: Promise<void> | undefined;
  let again = false;
  let unsubscribe: (() => void) | undefined;
  let stopped = true;

  async function runOnce(): Promise<void> {
    await consumer.catchUp();
    await applyQueue();
    await refreshDueTags();
  }

  function wake(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = runOnce()
      .catch((error: unknown) => logger.error({ err: error }, 'following the catalog failed'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          wake();
        }
      });
  }

  return {
    wake,
    runOnce,
    async requestAllTags() {
      await knex('versions_sources').update({ requested_at: new Date() });
    },
    start() {
      stopped = false;
      unsubscribe = catalog.changes.onChange(wake);
      wake();
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      await running;
    },
  };
}

/** Records what the plugin needs of one entity now served (or gone, when undefined). */
async function applyEntity(
  trx: Knex.Transaction,
  reader: RepositoryReader,
  entityRef: string,
  entity: Entity | undefined,
): Promise<void> {
  const environment = entity && environmentOfEntity(entityRef, entity);
  if (environment) {
    await trx('versions_catalog_environments').insert(environment).onConflict('entity_ref').merge();
  } else {
    await trx('versions_catalog_environments').where({ entity_ref: entityRef }).delete();
  }
  const source = entity && sourceOfEntity(reader, entity);
  if (source) {
    await trx('versions_sources')
      .insert({ entity_ref: entityRef, ...source, requested_at: new Date() })
      .onConflict('entity_ref')
      .merge(['repository', 'tag_pattern', 'requested_at']);
  } else {
    // Releases already read stay: an entity that lost its source keeps its history.
    await trx('versions_sources').where({ entity_ref: entityRef }).delete();
  }
}

/**
 * A Component's source repository (`backstage.io/source-location`) and its tag pattern; none for
 * a source that is not a git repository (a plain URL or a file has no tags).
 */
function sourceOfEntity(
  reader: RepositoryReader,
  entity: Entity,
): { repository: string; tag_pattern: string } | undefined {
  if (entity.kind.toLowerCase() !== 'component') return undefined;
  let location;
  try {
    location = getEntitySourceLocation(entity);
  } catch {
    return undefined;
  }
  if (location.type !== 'url' || !reader.repositoryOf(location.target)) return undefined;
  // An unusable pattern is kept, and reported as the source's problem when tags are read.
  const pattern = entity.metadata.annotations?.[tagPatternAnnotation] ?? defaultTagPattern;
  return { repository: location.target, tag_pattern: pattern };
}

function dedupe<T extends { version: string }>(releases: T[]): T[] {
  return [...new Map(releases.map(release => [release.version, release])).values()];
}
