/**
 * One replica of a change consumer, as its own process, for the multi-process test: connects to
 * the PostgreSQL database named in argv, consumes the feed into `test_applied` (tagged with its
 * name) and prints `done` once caught up. With `hold`, it stops inside its first batch — rows
 * written, transaction open, the cursor row locked — and prints `holding`, to be killed there.
 */
import knexFactory from 'knex';
import pino from 'pino';
import { createChangeConsumer } from '../createChangeConsumer';
import { createChangeFeed } from '../createChangeFeed';

const [connectionJson, name, mode] = process.argv.slice(2);
const knex = knexFactory({ client: 'pg', connection: JSON.parse(connectionJson!) as object });
let held = false;
const consumer = createChangeConsumer({
  consumerId: 'multi.process',
  feed: createChangeFeed({ knex, subscribe: () => () => {} }),
  knex,
  cursorTable: 'test_cursor',
  batchSize: 5,
  logger: pino({ level: 'silent' }),
  resync: () => Promise.reject(new Error('no resync expected')),
  async handle(changes, trx) {
    await trx('test_applied').insert(
      changes.map(change => ({ seq: change.seq, entity_ref: change.entityRef, replica: name })),
    );
    if (mode === 'hold' && !held) {
      held = true;
      process.stdout.write('holding\n');
      await new Promise(() => {});
    }
  },
});

let handled = 0;
for (;;) {
  const count = await consumer.catchUp();
  handled += count;
  if (count === 0) break;
}
process.stdout.write(`done ${handled}\n`);
await knex.destroy();
