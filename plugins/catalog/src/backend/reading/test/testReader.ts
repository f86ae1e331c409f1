import { testLogger } from '@callboard/test-utils';
import type { CatalogReader } from '../CatalogReader';
import { createCatalogReader } from '../createCatalogReader';
import { readingConfigSchema } from '../readingConfig';

/**
 * Test helper: a reader for config written in app-config's shape
 * (`{ integrations, backend: { reading: { allow } }, catalog: { reading } }`).
 * Every reader made here is closed by `closeTestReaders()`.
 */
export function testReader(config: Record<string, unknown>, cacheDir?: string): CatalogReader {
  const reader = createCatalogReader({
    config: readingConfigSchema.parse(config),
    logger: testLogger(),
    ...(cacheDir ? { cacheDir } : {}),
  });
  readers.push(reader);
  return reader;
}

const readers: CatalogReader[] = [];

export async function closeTestReaders(): Promise<void> {
  await Promise.all(readers.splice(0).map(reader => reader.close()));
}

/** The text of every file read, by location target. */
export function texts(result: { files: Array<{ location: { target: string }; content: Buffer }> }) {
  return result.files.map(file => [file.location.target, file.content.toString('utf8')]);
}
