import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { InputError } from '@callboard/plugin-api/common';
import { defineAction } from '../types';

/** Longer waits are refused: a task holds a worker slot while it waits. */
export const maxDebugWaitMs = 10 * 60 * 1000;

const inputSchema = z.object({
  milliseconds: z.number().nonnegative().optional().describe('Milliseconds to wait'),
  seconds: z.number().nonnegative().optional().describe('Seconds to wait'),
  minutes: z.number().nonnegative().optional().describe('Minutes to wait'),
});

/** Waits `milliseconds`, or rejects when `signal` aborts. */
export type Sleep = (milliseconds: number, signal: AbortSignal) => Promise<unknown>;

const timerSleep: Sleep = (milliseconds, signal) => sleep(milliseconds, undefined, { signal });

/**
 * `debug:wait`: waits (at most ten minutes), and stops waiting when the task is cancelled. The
 * clock is injectable (`sleep`), so a test can tell how long it waited without waiting.
 */
export function createDebugWaitAction(options: { sleep?: Sleep } = {}) {
  const wait = options.sleep ?? timerSleep;
  return defineAction({
    id: 'debug:wait',
    description:
      'Waits for the given time (the sum of milliseconds, seconds and minutes; at most 10 minutes).',
    input: inputSchema,
    supportsDryRun: true,
    examples: [
      {
        description: 'Wait five seconds',
        example: 'steps:\n  - id: wait\n    action: debug:wait\n    input:\n      seconds: 5\n',
      },
    ],
    async handler(context) {
      const { milliseconds = 0, seconds = 0, minutes = 0 } = context.input;
      const total = milliseconds + seconds * 1000 + minutes * 60_000;
      if (total > maxDebugWaitMs) {
        throw new InputError(
          `debug:wait waits at most 10 minutes, not ${Math.round(total / 1000)} seconds`,
        );
      }
      context.logger.info(`Waiting ${total} ms`);
      try {
        await wait(total, context.signal);
      } catch (error) {
        // The reason the task was stopped says more than "The operation was aborted".
        throw context.signal.aborted ? context.signal.reason : error;
      }
    },
  });
}
