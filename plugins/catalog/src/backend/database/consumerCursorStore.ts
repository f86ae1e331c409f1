import type { Knex } from 'knex';
import type { ConsumerCursorRow } from './tables';

/**
 * A change-feed consumer's durable cursor. The table is the consumer plugin's own (columns
 * `consumer_id text primary key`, `position bigint not null`), reached through its own handle.
 */

/**
 * Where the consumer stands; a cursor at the start is created on its first run anywhere (another
 * replica may create it at the same moment). `lock` holds the row to the transaction's end.
 */
export async function cursorPosition(
  knex: Knex | Knex.Transaction,
  table: string,
  consumerId: string,
  { lock }: { lock: boolean },
): Promise<number> {
  const read = async () => {
    const query = knex(table).where({ consumer_id: consumerId }).first('position');
    return (await (lock ? query.forUpdate() : query)) as
      Pick<ConsumerCursorRow, 'position'> | undefined;
  };
  let row = await read();
  if (!row) {
    await knex(table)
      .insert({ consumer_id: consumerId, position: 0 })
      .onConflict('consumer_id')
      .ignore();
    row = await read();
  }
  return Number(row?.position ?? 0);
}

/**
 * Runs `apply` in one transaction of the consumer's database with its cursor row locked, and moves
 * the cursor to the position `apply` answers in that same transaction — but only while the cursor
 * still stands at `from`: false when another replica moved it meanwhile (nothing is applied).
 */
export async function advanceCursor(
  knex: Knex,
  table: string,
  consumerId: string,
  from: number,
  apply: (trx: Knex.Transaction) => Promise<number>,
): Promise<boolean> {
  return knex.transaction(async trx => {
    if ((await cursorPosition(trx, table, consumerId, { lock: true })) !== from) return false;
    const next = await apply(trx);
    await trx(table).where({ consumer_id: consumerId }).update({ position: next });
    return true;
  });
}
