import type { Knex } from 'knex';
import type { SqlFragment } from './predicateToSql';

/** The rows of a composed statement. */
export async function rowsOf<T>(knex: Knex, fragment: SqlFragment): Promise<T[]> {
  const result = (await knex.raw(fragment.sql, fragment.bindings as Knex.RawBinding[])) as {
    rows: T[];
  };
  return result.rows;
}

/**
 * Rows of a page query, planned without parallel workers: a page stops after its limit, so
 * starting workers costs more than it saves (5–10 ms of a 2 ms query), and under concurrent
 * requests the workers only compete for the same cores.
 */
export function pageRowsOf<T>(knex: Knex, fragment: SqlFragment): Promise<T[]> {
  return knex.transaction(async trx => {
    await trx.raw('set local max_parallel_workers_per_gather = 0');
    const result = (await trx.raw(fragment.sql, fragment.bindings as Knex.RawBinding[])) as {
      rows: T[];
    };
    return result.rows;
  });
}

/** Conditions AND-ed onto a `where true`. */
export function andAll(parts: SqlFragment[]): SqlFragment {
  return {
    sql: parts.map(part => ` and ${part.sql}`).join(''),
    bindings: parts.flatMap(part => part.bindings),
  };
}
