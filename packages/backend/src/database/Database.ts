import type { Knex } from 'knex';

/** An open database, embedded (PGlite) or a PostgreSQL server, behind one interface. */
export interface Database {
  readonly engine: 'pglite' | 'pg';
  readonly knex: Knex;
  /**
   * Connections kept for reads that must not wait behind writers: API reads. On PostgreSQL a pool
   * of its own, so long write transactions never hold every connection while a reader waits; on
   * PGlite (one connection) the same handle as `knex`.
   */
  readonly readKnex: Knex;
  /** Subscribes to a NOTIFY channel (full channel name). An empty payload means "wake up, you may have missed something". */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** NOTIFY; inside `trx` it is delivered when the transaction commits. */
  notify(channel: string, payload?: string, trx?: Knex.Transaction): Promise<void>;
  /** Resolves when the database answers a trivial query within `timeoutMs`. */
  ping(timeoutMs: number): Promise<void>;
  serverVersion(): Promise<string>;
  close(): Promise<void>;
}

export async function notifyWith(
  knex: Knex | Knex.Transaction,
  channel: string,
  payload = '',
): Promise<void> {
  await knex.raw('select pg_notify(?, ?)', [channel, payload]);
}

export async function pingWith(knex: Knex, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the database did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([knex.raw('select 1'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function serverVersionWith(knex: Knex): Promise<string> {
  const result = (await knex.raw('show server_version')) as {
    rows: Array<{ server_version: string }>;
  };
  return result.rows[0]?.server_version ?? 'unknown';
}
