import type { Plugin } from 'vite';
import { writeBuildStamp, type BuildLayout } from './buildStamp';
import { precompressDirectory } from './precompress';

/**
 * The two steps that finish a production build (ADR 0021): brotli and gzip copies of every
 * compressible asset, then the record of the build's inputs that lets `npm start` skip the next
 * build. `main` goes into `plugins`, `worker` into `worker.plugins`: Web Workers are bundled
 * separately, and their modules are inputs too.
 */
export function buildOutputs(layout: BuildLayout): { main: Plugin; worker: () => Plugin[] } {
  const moduleIds = new Set<string>();
  const collect = (name: string): Plugin => ({
    name,
    apply: 'build',
    buildEnd() {
      for (const id of this.getModuleIds()) moduleIds.add(id);
    },
  });
  const main: Plugin = {
    ...collect('callboard:build-outputs'),
    writeBundle: {
      sequential: true,
      order: 'post',
      async handler(options) {
        const dir = options.dir ?? layout.distDir;
        const started = performance.now();
        // index.html is rewritten by the backend at start-up (app.title), which compresses it then.
        const compressed = await precompressDirectory(dir, {
          skip: name => name === 'index.html',
        });
        const stamp = await writeBuildStamp(layout, moduleIds);
        const kb = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;
        this.info(
          `precompressed ${compressed.files} files in ${Math.round(performance.now() - started)} ms ` +
            `(${kb(compressed.rawBytes)} → brotli ${kb(compressed.brotliBytes)}, gzip ${kb(compressed.gzipBytes)}); ` +
            `recorded ${Object.keys(stamp.inputs).length} inputs`,
        );
      },
    },
  };
  return { main, worker: () => [collect('callboard:build-inputs-worker')] };
}
