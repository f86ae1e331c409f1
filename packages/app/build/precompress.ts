import { availableParallelism } from 'node:os';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** What is worth compressing: text the browser downloads. Source maps are for DevTools only. */
const compressible = /\.(js|mjs|css|html|svg|json|txt|wasm)$/;

/** Below this, headers and framing outweigh what compression saves. */
const minimumBytes = 1024;

export interface PrecompressOptions {
  /** Files (names relative to the folder, with `/`) to leave alone, e.g. a page rewritten at run time. */
  skip?: (relativePath: string) => boolean;
  /**
   * Brotli's quality, 0–11. Default: 11 up to 256 KiB, 10 above. Built once, downloaded many
   * times, so the best is worth its time; but quality 11 takes twice as long as 10 for 1-2 %
   * fewer bytes, which for the few large on-demand chunks (the OpenAPI viewer, the graph layout
   * worker) is seconds of every first start.
   */
  brotliQuality?: number;
}

export interface PrecompressResult {
  /** Files that got a `.br` and/or `.gz` beside them. */
  files: number;
  rawBytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

/**
 * Writes `<file>.br` (brotli) and `<file>.gz` (gzip -9) beside every compressible file of a build
 * output, so the server sends them without compressing per request (ADR 0021). A variant that
 * would not be smaller is not written: the server then sends the file as it is. Runs the
 * compressions in parallel on zlib's thread pool.
 */
export async function precompressDirectory(
  dir: string,
  options: PrecompressOptions = {},
): Promise<PrecompressResult> {
  const qualityFor = (bytes: number) => options.brotliQuality ?? (bytes <= 256 * 1024 ? 11 : 10);
  const names = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter(entry => entry.isFile() && compressible.test(entry.name))
    .map(entry =>
      join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
    )
    .filter(name => !options.skip?.(name));
  const result: PrecompressResult = { files: 0, rawBytes: 0, brotliBytes: 0, gzipBytes: 0 };

  const compressOne = async (name: string) => {
    const path = join(dir, name);
    const raw = await readFile(path);
    if (raw.length < minimumBytes) return;
    const [br, gz] = await Promise.all([
      brotli(raw, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: qualityFor(raw.length),
          [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      }),
      gzipAsync(raw, { level: 9 }),
    ]);
    let written = false;
    if (br.length < raw.length) {
      await writeFile(`${path}.br`, br);
      written = true;
    }
    if (gz.length < raw.length) {
      await writeFile(`${path}.gz`, gz);
      written = true;
    }
    if (!written) return;
    result.files++;
    result.rawBytes += raw.length;
    result.brotliBytes += Math.min(br.length, raw.length);
    result.gzipBytes += Math.min(gz.length, raw.length);
  };

  // Largest first, so the slowest file starts at once instead of last.
  const sizes = new Map(
    await Promise.all(names.map(async name => [name, (await stat(join(dir, name))).size] as const)),
  );
  const queue = [...names].sort((a, b) => sizes.get(b)! - sizes.get(a)!);
  const workers = Array.from({ length: Math.max(2, availableParallelism()) }, async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      await compressOne(name);
    }
  });
  await Promise.all(workers);
  return result;
}
