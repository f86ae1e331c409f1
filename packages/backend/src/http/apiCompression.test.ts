import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { decodedBody, listenOnLoopback, rawRequest } from '../test/rawHttp';
import { createHttpApp } from './createHttpApp';

const entities = Array.from({ length: 200 }, (_, i) => ({
  kind: 'Component',
  metadata: { name: `service-${i}`, namespace: 'default' },
}));

describe('API answers over HTTP', () => {
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  /** Resolves the stream's next event: the test says when the server may send it. */
  let sendNextEvent: () => void = () => {};

  beforeAll(async () => {
    const http = createHttpApp({
      logger: createLogger({ level: 'silent', pretty: false }),
      appDistDir: '/nonexistent',
      checkDatabase: async () => {},
    });
    const router = express.Router();
    router.get('/entities', (_req, res) => void res.json(entities));
    router.get('/small', (_req, res) => void res.json({ ok: true }));
    router.get('/events', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      res.flushHeaders();
      let sent = 0;
      const send = () => {
        sent++;
        res.write(
          `id: ${sent}\ndata: ${JSON.stringify({ step: sent, padding: 'x'.repeat(2000) })}\n\n`,
        );
        if (sent === 3) res.end();
        else sendNextEvent = send;
      };
      send();
      req.on('close', () => (sendNextEvent = () => {}));
    });
    http.mountPlugin('probe', router);
    http.setReady(true);
    server = await listenOnLoopback(http.app);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('compresses a JSON answer for a client that accepts it, with brotli first', async () => {
    const response = await rawRequest(`${server.url}/api/probe/entities`, {
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers.vary).toContain('Accept-Encoding');
    const raw = JSON.stringify(entities);
    expect(response.body.length).toBeLessThan(raw.length / 5);
    expect(JSON.parse(decodedBody(response))).toEqual(entities);

    const gzip = await rawRequest(`${server.url}/api/probe/entities`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decodedBody(gzip))).toEqual(entities);
  });

  it('sends identity to a client without Accept-Encoding, and small answers as they are', async () => {
    const plain = await rawRequest(`${server.url}/api/probe/entities`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-length']).toBe(
      String(Buffer.byteLength(JSON.stringify(entities))),
    );
    expect(JSON.parse(plain.body.toString('utf8'))).toEqual(entities);

    const small = await rawRequest(`${server.url}/api/probe/small`, {
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toEqual({ ok: true });
  });

  it('streams server-sent events uncompressed, each one as soon as it is written', async () => {
    const req = request(`${server.url}/api/probe/events`, {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    expect(res.headers['content-encoding']).toBeUndefined();
    res.setEncoding('utf8');
    const received: number[] = [];
    let buffered = '';
    for await (const chunk of res) {
      buffered += chunk as string;
      const events = buffered.split('\n\n');
      buffered = events.pop()!;
      for (const event of events) {
        received.push((JSON.parse(event.split('data: ')[1]!) as { step: number }).step);
        // The server writes the next event only once this one arrived: a compressor holding
        // bytes back would stall the stream here.
        sendNextEvent();
      }
    }
    expect(received).toEqual([1, 2, 3]);
  });
});
