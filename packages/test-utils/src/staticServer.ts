import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticResponse {
  body: string | Buffer;
  status?: number;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /**
   * Answer only once this settles: a read in flight for exactly as long as the test wants (a
   * promise that never settles: a host that never answers, for timeouts). See `gate()`.
   */
  until?: Promise<unknown>;
}

export interface TestStaticServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>` */
  host: string;
  /** Sets (or with null removes) what a path answers. */
  set(path: string, response: string | StaticResponse | null): void;
  requests: Array<{
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
    /** Set once the response has been sent (a delayed one later than it arrived). */
    answered: boolean;
    /** Set when the client closed the connection before the answer (it gave up). */
    abandoned: boolean;
  }>;
  close(): Promise<void>;
}

/** A plain HTTP server on loopback serving fixed responses by path, for URL reader tests. */
export async function startStaticServer(
  files: Record<string, string | StaticResponse> = {},
): Promise<TestStaticServer> {
  const routes = new Map<string, StaticResponse>();
  const set = (path: string, response: string | StaticResponse | null) => {
    if (response === null) routes.delete(path);
    else routes.set(path, typeof response === 'string' ? { body: response } : response);
  };
  for (const [path, response] of Object.entries(files)) set(path, response);
  const requests: TestStaticServer['requests'] = [];

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const request = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      answered: false,
      abandoned: false,
    };
    requests.push(request);
    res.once('close', () => {
      if (!request.answered) request.abandoned = true;
    });
    const response = routes.get(path);
    const answer = () => {
      request.answered = true;
      if (!response) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      res.writeHead(response.status ?? 200, {
        'content-type': 'text/plain; charset=utf-8',
        ...response.headers,
      });
      res.end(req.method === 'HEAD' ? undefined : response.body);
    };
    const delayed = () => {
      if (response?.delayMs) setTimeout(answer, response.delayMs);
      else answer();
    };
    if (response?.until) {
      void response.until.then(delayed, delayed);
    } else delayed();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    set,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
