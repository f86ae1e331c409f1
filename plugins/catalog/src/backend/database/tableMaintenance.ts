import type { Knex } from 'knex';
import type { Logger } from 'pino';

/**
 * The tables whose statistics the entity queries depend on, largest last, after the stitch queue:
 * every entity passes through it, so a bulk load leaves it mostly dead rows (36 MB, empty, after
 * 100,000 entities) that its claims and `/status` scan until a vacuum. Autovacuum would see to
 * that, but it may be off or lagging, as for the rest.
 */
const maintainedTables = [
  'catalog_stitch_queue',
  'catalog_locations',
  'catalog_refresh_references',
  'catalog_refresh_state',
  'catalog_relations',
  'catalog_final_entities',
  'catalog_search',
];

export interface TableMaintenance {
  /** Vacuums and analyzes the catalog's tables if enough changed since the last time. */
  runIfDue(): Promise<{ ran: boolean; changed: number }>;
}

/**
 * Keeps the planner's statistics and the visibility map of the catalog's tables fresh after
 * bursts of ingestion. PGlite has no autovacuum at all, and a server may have it off or lagging:
 * without statistics PostgreSQL estimates 74 rows where 82,000 match and a catalog page at
 * 100,000 entities takes 2.5 s instead of 50 ms. Changes are counted from the served entities'
 * `updated_at` (indexed) and the entity count, so any replica can tell what all of them did.
 */
export function createTableMaintenance(options: {
  knex: Knex;
  logger: Logger;
  /** Changes needed before a run: this many plus `scale` × the entities at the last run. */
  threshold?: number;
  scale?: number;
  /** `VACUUM (ANALYZE)` (default) rather than `ANALYZE` alone; off on PGlite (see the plugin). */
  vacuum?: boolean;
}): TableMaintenance {
  const { knex, logger } = options;
  const threshold = options.threshold ?? 500;
  const scale = options.scale ?? 0.1;
  let last: { at: Date; total: number } | undefined;

  async function counts(since: Date | undefined) {
    const result = (await knex.raw(
      `select (select count(*) from catalog_final_entities)::int as total,
              (select count(*) from catalog_final_entities where updated_at > ?)::int as changed,
              (select bool_or(reltuples < 0) from pg_class where relname = any(?)) as never_analyzed`,
      [since ?? new Date(0), maintainedTables],
    )) as { rows: Array<{ total: number; changed: number; never_analyzed: boolean | null }> };
    const row = result.rows[0];
    return {
      total: Number(row?.total ?? 0),
      changed: Number(row?.changed ?? 0),
      neverAnalyzed: row?.never_analyzed === true,
    };
  }

  return {
    async runIfDue() {
      const startedAt = new Date();
      const now = await counts(last?.at);
      if (!last && !now.neverAnalyzed) {
        // A process starting on an existing catalog counts from here.
        last = { at: startedAt, total: now.total };
        return { ran: false, changed: 0 };
      }
      // Written rows carry a newer updated_at; removals show as a smaller count.
      const changed = now.changed + Math.max(0, (last?.total ?? 0) - now.total);
      const due = now.neverAnalyzed
        ? now.total > 0
        : changed >= threshold + scale * (last?.total ?? 0);
      if (!due) return { ran: false, changed };
      const began = performance.now();
      for (const table of maintainedTables) {
        // VACUUM cannot run in a transaction; knex.raw outside one is a statement of its own.
        await knex.raw(options.vacuum === false ? `analyze ${table}` : `vacuum (analyze) ${table}`);
      }
      last = { at: startedAt, total: now.total };
      logger.info(
        { changed, entities: now.total, ms: Math.round(performance.now() - began) },
        'refreshed table statistics',
      );
      return { ran: true, changed };
    },
  };
}
