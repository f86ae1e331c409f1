import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precompressDirectory } from './precompress';

describe('precompressDirectory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'callboard-precompress-'));
    mkdirSync(join(dir, 'assets'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const script = `export const names = [${Array.from({ length: 400 }, (_, i) => `"n${i}"`).join(',')}];`;
  /** Bytes no compressor can shrink. */
  const noise = randomBytes(4096);

  it('writes brotli and gzip copies that decode to the original, beside each compressible file', async () => {
    writeFileSync(join(dir, 'assets/index-abc.js'), script);
    writeFileSync(join(dir, 'assets/index-abc.css'), 'body { margin: 0 }\n'.repeat(200));
    const result = await precompressDirectory(dir, { brotliQuality: 5 });
    for (const name of ['assets/index-abc.js', 'assets/index-abc.css']) {
      const original = readFileSync(join(dir, name));
      expect(brotliDecompressSync(readFileSync(join(dir, `${name}.br`)))).toEqual(original);
      expect(gunzipSync(readFileSync(join(dir, `${name}.gz`)))).toEqual(original);
    }
    expect(result.files).toBe(2);
    expect(result.rawBytes).toBe(script.length + 'body { margin: 0 }\n'.length * 200);
    expect(result.brotliBytes).toBeLessThan(result.rawBytes / 4);
  });

  it('leaves alone small files, source maps, other types, skipped names and incompressible data', async () => {
    writeFileSync(join(dir, 'assets/tiny-abc.js'), 'export {};');
    writeFileSync(join(dir, 'assets/index-abc.js.map'), script);
    writeFileSync(join(dir, 'assets/logo-abc.png'), script);
    writeFileSync(join(dir, 'index.html'), `<!doctype html>${script}`);
    writeFileSync(join(dir, 'assets/random-abc.js'), noise);
    const result = await precompressDirectory(dir, { skip: name => name === 'index.html' });
    expect(result.files).toBe(0);
    for (const name of [
      'assets/tiny-abc.js',
      'assets/index-abc.js.map',
      'assets/logo-abc.png',
      'index.html',
      'assets/random-abc.js',
    ]) {
      expect(existsSync(join(dir, `${name}.br`)), name).toBe(false);
      expect(existsSync(join(dir, `${name}.gz`)), name).toBe(false);
    }
  });
});
