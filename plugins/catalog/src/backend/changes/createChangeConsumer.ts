import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { CatalogChange, CatalogChangesPage } from '../../common';
import { advanceCursor, cursorPosition } from '../database/consumerCursorStore';

/** How a consumer reads the feed: the catalog's side, given to other plugins in `CatalogService`. */
export interface CatalogChangeFeed {
  read(request: { after: number; limit: number }): Promise<CatalogChangesPage>;
  /** Tells the catalog how far a consumer has come, so that rows behind every consumer can go. */
  acknowledge(consumerId: string, position: number): Promise<void>;
  /** Calls `listener` when changes may have been committed (NOTIFY, any replica). */
  onChange(listener: () => void): () => void;
}

export interface ChangeConsumerOptions {
  /** Unique across plugins, stable across restarts: `search.index`. */
  consumerId: string;
  feed: CatalogChangeFeed;
  /** The consumer plugin's own database handle. */
  knex: Knex;
  /**
   * The consumer's own table holding its cursor: columns `consumer_id text primary key` and
   * `position bigint not null` (created by the consumer plugin's migration).
   */
  cursorTable: string;
  /** Applies a batch, writing through `trx`; the cursor moves in the same transaction. */
  handle(changes: CatalogChange[], trx: Knex.Transaction): Promise<void>;
  /** The feed lost changes the consumer had not read: rebuild from the whole catalog. */
  resync(trx: Knex.Transaction): Promise<void>;
  batchSize?: number;
  /** After a failed catch-up, try again this long after (default 5 s), even with no new change. */
  retryMs?: number;
  logger: Logger;
}

export interface ChangeConsumer {
  /** Handles every change committed so far; answers how many it handled. */
  catchUp(): Promise<number>;
  /** Catches up now and whenever the catalog announces changes, until `stop`. */
  start(): void;
  stop(): Promise<void>;
}

/**
 * A durable, exactly-once consumer of the catalog's change feed. Each batch is applied in one
 * transaction of the consumer's own database together with its cursor, whose row is locked
 * (`for update`): a second replica running the same consumer waits, then sees that the cursor
 * moved and reads on from there; a consumer killed mid-batch rolls back its writes and its
 * cursor, and the batch is applied again by whoever comes next. Nothing is missed or applied
 * twice.
 */
export function createChangeConsumer(options: ChangeConsumerOptions): ChangeConsumer {
  const batchSize = options.batchSize ?? 500;
  let running: Promise<number> | undefined;
  let again = false;
  let unsubscribe: (() => void) | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  async function catchUp(): Promise<number> {
    let handled = 0;
    for (;;) {
      const result = await consumeBatch(options, batchSize);
      handled += result.handled;
      if (!result.more || stopped) return handled;
    }
  }

  /** One catch-up at a time; a wake-up during one runs another right after. */
  function wake(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = catchUp()
      .catch((error: unknown) => {
        options.logger.error(
          { err: error, consumerId: options.consumerId },
          'consuming changes failed; trying again',
        );
        // Without this, a consumer that failed (a database blip) would wait for the next change.
        retry ??= setTimeout(() => {
          retry = undefined;
          wake();
        }, options.retryMs ?? 5_000);
        retry.unref();
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          wake();
        }
      });
  }

  return {
    catchUp,
    start() {
      stopped = false;
      unsubscribe = options.feed.onChange(wake);
      wake();
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      retry = undefined;
      unsubscribe?.();
      await running;
    },
  };
}

/**
 * Reads one batch after the consumer's cursor and applies it with the cursor's move, unless another
 * replica moved the cursor meanwhile. `more` is true when there may be more to read.
 */
async function consumeBatch(
  options: ChangeConsumerOptions,
  batchSize: number,
): Promise<{ handled: number; more: boolean }> {
  const after = await cursorPosition(options.knex, options.cursorTable, options.consumerId, {
    lock: false,
  });
  const page = await options.feed.read({ after, limit: batchSize });
  if (!page.resync && page.items.length === 0) return { handled: 0, more: false };
  // Another replica may have applied this batch meanwhile: then read on from where it is.
  const applied = await advanceCursor(
    options.knex,
    options.cursorTable,
    options.consumerId,
    after,
    async trx => {
      if (page.resync) {
        options.logger.warn(
          { consumerId: options.consumerId, after },
          'the change feed no longer holds what this consumer has not read: resyncing',
        );
        await options.resync(trx);
      } else {
        await options.handle(page.items, trx);
      }
      return page.next;
    },
  );
  if (!applied) return { handled: 0, more: true };
  await options.feed.acknowledge(options.consumerId, page.next);
  return { handled: page.items.length, more: true };
}
