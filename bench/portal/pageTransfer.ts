import type { Page, Request } from 'playwright-core';

/** What one page load moved over the network, from Chromium's own network events. */
export interface PageTransfer {
  /** Bytes on the wire (headers included, after Content-Encoding), every request. */
  transferred: number;
  /** The same bodies decoded: what the bytes would have been without compression. */
  decoded: number;
  requests: number;
  /** Bytes on the wire by Chromium's resource type (Script, Stylesheet, Fetch, Document, …). */
  byType: Record<string, number>;
  /** The largest responses, for finding what to split next. */
  largest: Array<{ url: string; transferred: number; encoding: string }>;
}

interface Seen {
  url: string;
  type: string;
  encoding: string;
  transferred: number;
  decoded: number;
}

/**
 * Loads `url` in `page` and sums the encoded transfer size of every response, as Chromium's
 * DevTools network panel does (`Network.loadingFinished.encodedDataLength`). `ready` waits for
 * the page's own content; the count stops once the network has also been idle for 500 ms, so
 * lazily loaded chunks, fonts and the data behind the first view are in it. A cold cache is the
 * caller's business (a fresh browser profile).
 *
 * The page's DevTools session does not see what a Web Worker fetches (the graph's layout worker
 * script). Those requests come from Playwright's own events instead, counted as their response
 * headers plus Content-Length: every static file has one, compressed or not.
 */
export async function measurePageTransfer(
  page: Page,
  url: string,
  ready: (page: Page) => Promise<unknown>,
): Promise<PageTransfer> {
  const cdp = await page.context().newCDPSession(page);
  const seen = new Map<string, Seen>();
  const entry = (requestId: string) => {
    let found = seen.get(requestId);
    if (!found) {
      found = { url: '', type: 'Other', encoding: 'identity', transferred: 0, decoded: 0 };
      seen.set(requestId, found);
    }
    return found;
  };
  cdp.on('Network.responseReceived', event => {
    const found = entry(event.requestId);
    found.url = event.response.url;
    found.type = event.type;
    const headers = Object.fromEntries(
      Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    found.encoding = headers['content-encoding'] ?? 'identity';
  });
  cdp.on('Network.dataReceived', event => {
    entry(event.requestId).decoded += event.dataLength;
  });
  cdp.on('Network.loadingFinished', event => {
    entry(event.requestId).transferred = event.encodedDataLength;
  });
  const fromPlaywright: Array<Promise<Seen | undefined>> = [];
  page.on('requestfinished', request => {
    fromPlaywright.push(workerResponse(request));
  });
  await cdp.send('Network.enable');
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await ready(page);
  await page.waitForLoadState('networkidle', { timeout: 60_000 });
  await cdp.detach();

  const responses = [...seen.values()].filter(response => response.url !== '');
  const seenUrls = new Set(responses.map(response => response.url));
  for (const response of await Promise.all(fromPlaywright)) {
    if (response && !seenUrls.has(response.url)) responses.push(response);
  }
  const byType: Record<string, number> = {};
  for (const response of responses) {
    byType[response.type] = (byType[response.type] ?? 0) + response.transferred;
  }
  return {
    transferred: responses.reduce((sum, response) => sum + response.transferred, 0),
    decoded: responses.reduce((sum, response) => sum + response.decoded, 0),
    requests: responses.length,
    byType,
    largest: responses
      .sort((a, b) => b.transferred - a.transferred)
      .slice(0, 5)
      .map(({ url: responseUrl, transferred, encoding }) => ({
        url: new URL(responseUrl).pathname,
        transferred,
        encoding,
      })),
  };
}

/** A request Playwright saw that DevTools' page session may not have: sized from its headers. */
async function workerResponse(request: Request): Promise<Seen | undefined> {
  const response = await request.response();
  if (!response) return undefined;
  const headers = await response.allHeaders();
  const sizes = await request.sizes();
  const length = Number(headers['content-length'] ?? 0);
  return {
    url: request.url(),
    type: request.resourceType() === 'script' ? 'Script' : 'Other',
    encoding: headers['content-encoding'] ?? 'identity',
    transferred: sizes.responseHeadersSize + length,
    decoded: await response.body().then(
      body => body.length,
      () => length,
    ),
  };
}
