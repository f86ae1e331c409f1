import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from './errorHandler';

describe('errorHandler', () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  const server = createServer(
    express()
      .get('/overflow', () => {
        throw new RangeError('Maximum call stack size exceeded');
      })
      .use(errorHandler({ logger })),
  );
  let url: string;
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  it('logs the details of an opaque 500 under the request id it answers with', async () => {
    const response = await fetch(`${url}/overflow`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { request: { id: string } };
    expect(body.request.id).toMatch(/^[0-9a-f-]{36}$/);
    const logged = lines.find(line => line.requestId === body.request.id);
    expect(logged).toMatchObject({
      msg: 'request failed',
      method: 'GET',
      url: '/overflow',
      err: { type: 'RangeError', message: 'Maximum call stack size exceeded' },
    });
  });
});
