import type { Response } from 'express';

const jsonContentType = 'application/json; charset=utf-8';

/** Sends JSON text that is already serialized (stored entities are served as they are). */
export function sendJsonText(res: Response, status: number, text: string): void {
  res.status(status).setHeader('Content-Type', jsonContentType);
  res.end(text);
}

/**
 * Streams chunks of serialized entities as one JSON array, waiting for the socket to drain
 * between chunks, and stops fetching when the client goes away. An error before the first byte
 * becomes an error body; after it, the response is cut off, so the client sees a broken body
 * rather than a short but valid array.
 */
export async function streamJsonArray(
  res: Response,
  chunks: AsyncIterable<readonly string[]>,
): Promise<void> {
  let started = false;
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) return; // Leaving the loop ends the iterator: no more queries.
      const text = chunk.join(',');
      if (!started) {
        res.status(200).setHeader('Content-Type', jsonContentType);
        started = true;
        if (!res.write(`[${text}`)) await drained(res);
      } else if (!res.write(`,${text}`)) {
        await drained(res);
      }
    }
  } catch (error) {
    // Headers are out: cut the body off, and let the error middleware log it.
    if (started) res.destroy();
    throw error;
  }
  if (res.destroyed) return;
  if (!started) {
    sendJsonText(res, 200, '[]');
    return;
  }
  res.end(']');
}

/**
 * Waits for the socket to take more, or for the client to go (one that disconnects never
 * drains). Both listeners come off once either fires: racing two `once()` promises left the other
 * listener attached on every wait, and a long list tripped MaxListenersExceededWarning.
 */
export function drained(res: Response): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise(resolve => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
