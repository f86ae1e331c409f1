import { parentPort } from 'node:worker_threads';
import { buildSite } from '../site/buildSite';
import type { BuildRequest, BuildResponse } from './buildInWorker';

/**
 * A build worker: renders one site off the main thread, so that a big site never blocks the
 * event loop that serves requests. One request, one answer, then the thread is ended.
 */
const port = parentPort;
if (!port) throw new Error('buildWorker runs in a worker thread');
port.once('message', (request: BuildRequest) => {
  let response: BuildResponse;
  try {
    const files = new Map(request.files.map(([path, bytes]) => [path, Buffer.from(bytes)]));
    response = {
      ok: true,
      site: buildSite({ files, siteBase: request.siteBase, filesBase: request.filesBase }),
    };
  } catch (error) {
    response = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
