import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BuiltSite, SiteInput } from '../site/buildSite';

export interface BuildRequest {
  files: Array<[string, Uint8Array]>;
  siteBase: string;
  filesBase: string;
}

export type BuildResponse = { ok: true; site: BuiltSite } | { ok: false; message: string };

export interface WorkerLimits {
  /** The build is ended after this long (a hostile site must not hold a worker forever). */
  timeoutMs: number;
  /** The worker's heap cap. */
  maxMemoryMb: number;
}

/**
 * Workers run the TypeScript sources through tsx, as the backend does (ADR 0001): an ES module
 * bootstrap registers tsx's ESM API in the worker and then loads the worker's source (Node 20
 * ignores `--import` in a worker's `execArgv`). The same bootstrap as the scaffolder's renderer.
 */
function workerBootstrap(): URL {
  const require = createRequire(import.meta.url);
  const packageFile = require.resolve('tsx/package.json');
  const { exports } = require('tsx/package.json') as {
    exports: Record<string, { import: { default: string } }>;
  };
  const api = pathToFileURL(join(dirname(packageFile), exports['./esm/api']!.import.default));
  const worker = new URL('./buildWorker.ts', import.meta.url);
  const code = `import { register } from ${JSON.stringify(api.href)};\nregister();\nawait import(${JSON.stringify(worker.href)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/**
 * Builds a site in a worker thread of its own, bounded by a deadline and a heap cap; the main
 * thread only copies the files in and the built site out. Rejects with a message fit for the
 * site's problems when the worker fails, runs over or runs out of memory.
 */
export function buildInWorker(input: SiteInput, limits: WorkerLimits): Promise<BuiltSite> {
  const request: BuildRequest = {
    files: [...input.files].map(([path, bytes]) => [path, new Uint8Array(bytes)]),
    siteBase: input.siteBase,
    filesBase: input.filesBase,
  };
  return new Promise<BuiltSite>((resolve, reject) => {
    const worker = new Worker(workerBootstrap(), {
      resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb },
    });
    let settled = false;
    const settle = (outcome: { site: BuiltSite } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if ('site' in outcome) resolve(outcome.site);
      else reject(outcome.error);
    };
    const timer = setTimeout(
      () => settle({ error: new Error(`the build ran over ${limits.timeoutMs} ms and was ended`) }),
      limits.timeoutMs,
    );
    worker.once('message', (response: BuildResponse) =>
      settle(response.ok ? { site: response.site } : { error: new Error(response.message) }),
    );
    worker.once('error', error =>
      settle({
        error: new Error(
          /memory/i.test(error.message)
            ? `the build ran out of its ${limits.maxMemoryMb} MB of memory`
            : `the build failed: ${error.message}`,
        ),
      }),
    );
    worker.once('exit', code =>
      settle({ error: new Error(`the build's worker stopped (exit code ${code})`) }),
    );
    worker.postMessage(request);
  });
}
