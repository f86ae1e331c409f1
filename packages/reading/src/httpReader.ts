import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  BadGatewayError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@callboard/plugin-api/common';
import type { ReadResult } from '@callboard/plugin-api/backend';
import type { HostPolicy, ResolvedHost } from './hostPolicy';
import type { ReadingConfig } from './readingConfig';
import { connectionFailure } from './readingErrors';

const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** A URL for messages: no query (it may hold a signature) and no fragment. */
export function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Connects only to the addresses that passed the policy, whatever DNS answers now. */
function pinnedLookup(resolved: ResolvedHost): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 4 || options.family === 6 ? options.family : undefined;
    const candidates = resolved.addresses.filter(entry => !family || entry.family === family);
    if (candidates.length === 0) {
      callback(
        Object.assign(new Error('no address of the requested family'), { code: 'ENOTFOUND' }),
        '',
        4,
      );
    } else if (options.all) {
      callback(null, candidates);
    } else {
      const [first] = candidates;
      callback(null, first?.address ?? '', first?.family ?? 4);
    }
  };
}

function get(url: URL, resolved: ResolvedHost, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        agent: false,
        lookup: pinnedLookup(resolved),
        signal,
        headers: {
          accept: 'application/yaml, text/yaml, text/plain, application/json;q=0.9, */*;q=0.8',
          'accept-encoding': 'identity',
          'user-agent': 'Callboard catalog reader',
        },
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

/** Reads a body, failing as soon as it grows past `maxBytes` (the rest is never received). */
function readBody(
  response: IncomingMessage,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
    response.on('close', () => {
      if (!response.complete)
        reject(
          new BadGatewayError('The connection closed before the whole file arrived — try again'),
        );
    });
  });
}

export interface HttpReader {
  /** Reads one plain http(s) file, following at most five redirects, each one checked. */
  read(url: URL, signal: AbortSignal): Promise<ReadResult>;
}

export function createHttpReader(options: {
  config: ReadingConfig;
  policy: HostPolicy;
}): HttpReader {
  const { maxFileBytes } = options.config.limits;
  const tooLarge = (url: URL, size?: number) =>
    new InputError(
      `${displayUrl(url)} is ${size === undefined ? 'larger than' : `${size} bytes, over`} the limit of ${maxFileBytes} bytes (catalog.reading.maxFileBytes)`,
    );

  return {
    async read(start, signal) {
      let url = start;
      for (let hop = 0; ; hop++) {
        const resolved = await options.policy.check(url, signal);
        const response = await get(url, resolved, signal).catch((error: unknown) => {
          throw signal.aborted ? error : connectionFailure(error, url.host);
        });
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (redirectStatuses.has(status) && location) {
          response.destroy();
          if (hop >= maxRedirects) {
            throw new BadGatewayError(
              `Reading ${displayUrl(start)} took more than ${maxRedirects} redirects — use the URL the file finally lives at`,
            );
          }
          const next = new URL(location, url);
          if (next.protocol !== 'http:' && next.protocol !== 'https:') {
            throw new InputError(
              `${displayUrl(url)} redirects to an unsupported ${next.protocol} URL`,
            );
          }
          if (url.protocol === 'https:' && next.protocol === 'http:') {
            throw new NotAllowedError(`${displayUrl(url)} redirects from https to plain http`);
          }
          if (next.username || next.password) {
            throw new InputError(`${displayUrl(url)} redirects to a URL with credentials`);
          }
          url = next;
          continue;
        }
        if (status === 404 || status === 410) {
          response.destroy();
          throw new NotFoundError(
            `${displayUrl(url)} was not found (HTTP ${status}) — check the URL and that the file exists`,
          );
        }
        if (status === 401 || status === 403) {
          response.destroy();
          throw new NotAllowedError(
            `${url.host} refused to serve ${displayUrl(url)} (HTTP ${status}): the reader sends no credentials to plain URLs — make the file readable without them, or register it from a git host configured under integrations with a token`,
          );
        }
        if (status < 200 || status >= 300) {
          response.destroy();
          const statusText = `${status} ${response.statusMessage ?? ''}`.trim();
          throw new BadGatewayError(
            `Reading ${displayUrl(url)} failed: HTTP ${statusText} — ${status >= 500 ? 'the server failed; try again later' : 'check the URL'}`,
          );
        }
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxFileBytes) {
          response.destroy();
          throw tooLarge(url, declared);
        }
        const content = await readBody(response, maxFileBytes, () => tooLarge(url));
        const etag = response.headers.etag;
        return {
          files: [{ location: { type: 'url', target: start.href }, content }],
          ...(etag ? { version: etag } : {}),
        };
      }
    },
  };
}
