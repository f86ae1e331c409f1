import { get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamJsonArray } from './writeJson';

/**
 * A long list streamed to a client that reads slowly waits for the socket to drain many times:
 * every wait must take its listeners off again (issue 21: MaxListenersExceededWarning on every
 * large `/entities` list).
 */
describe('streamJsonArray', () => {
  let server: Server;
  let url: string;
  const listenersAfter: Array<{ drain: number; close: number }> = [];
  const chunkCount = 60;
  const item = JSON.stringify({ text: 'x'.repeat(16 * 1024) });

  beforeAll(async () => {
    const app = express();
    app.get('/', (_req, res) => {
      const before = res.listenerCount('close');
      async function* chunks() {
        for (let index = 0; index < chunkCount; index++) yield [item, item, item, item];
      }
      void streamJsonArray(res, chunks()).then(() => {
        listenersAfter.push({
          drain: res.listenerCount('drain'),
          close: res.listenerCount('close') - before,
        });
      });
    });
    await new Promise<void>(resolve => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  it('leaves no listener behind after waiting for a slow client many times', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        get(url, response => {
          const parts: Buffer[] = [];
          // Read in small sips, so that the server's writes back up and it waits for drain.
          response.on('data', (part: Buffer) => {
            parts.push(part);
            response.pause();
            setTimeout(() => response.resume(), 1);
          });
          response.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
          response.on('error', reject);
        }).on('error', reject);
      });
      const parsed = JSON.parse(body) as unknown[];
      expect(parsed).toHaveLength(chunkCount * 4);
      await new Promise(resolve => setImmediate(resolve));
      expect(listenersAfter).toEqual([{ drain: 0, close: 0 }]);
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
