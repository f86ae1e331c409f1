import { BadGatewayError } from '@callboard/plugin-api/common';

/** Formats a duration for messages: `300 ms`, `30 s`, `2.5 min`. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${milliseconds} ms`;
  if (milliseconds < 120_000) return `${Number((milliseconds / 1000).toFixed(1))} s`;
  return `${Number((milliseconds / 60_000).toFixed(1))} min`;
}

/**
 * Runs `task` with a signal that aborts after `timeoutMs` or when any of `signals` aborts, and
 * settles as soon as that happens even if the task ignores its signal (a DNS lookup cannot be
 * cancelled). A timeout becomes an `Error` saying what timed out and which key sets the limit.
 */
export async function withDeadline<T>(
  what: string,
  timeoutMs: number,
  signals: Array<AbortSignal | undefined>,
  task: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timeoutError = new BadGatewayError(
    `${what} timed out after ${formatDuration(timeoutMs)} (catalog.reading.timeout) — check that the host answers, or raise the limit`,
  );
  const timer = setTimeout(() => controller.abort(timeoutError), timeoutMs);
  const cleanups: Array<() => void> = [() => clearTimeout(timer)];
  for (const signal of signals) {
    if (!signal) continue;
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => signal.removeEventListener('abort', onAbort));
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(controller.signal.reason);
    if (controller.signal.aborted) onAbort();
    else controller.signal.addEventListener('abort', onAbort, { once: true });
  });
  cleanups.push(() => onAbort && controller.signal.removeEventListener('abort', onAbort));
  try {
    return await Promise.race([task(controller.signal), aborted]);
  } catch (error) {
    // Whatever the task threw after the deadline (a killed git, a destroyed socket), the reason
    // the caller needs is the deadline.
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}
