import { testLogger } from '@callboard/test-utils';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { createRepositoryReader } from '../createRepositoryReader';
import { readingConfigSchema } from '../readingConfig';

/**
 * Test helper: a reader for config written in app-config's shape
 * (`{ integrations, backend: { reading: { allow } }, catalog: { reading } }`).
 * Every reader made here is closed by `closeTestReaders()`.
 */
export function testReader(config: Record<string, unknown>, cacheDir?: string): RepositoryReader {
  const reader = createRepositoryReader({
    config: readingConfigSchema.parse(config),
    logger: testLogger(),
    ...(cacheDir ? { cacheDir } : {}),
  });
  readers.push(reader);
  return reader;
}

const readers: RepositoryReader[] = [];

export async function closeTestReaders(): Promise<void> {
  await Promise.all(readers.splice(0).map(reader => reader.close()));
}

/** The text of every file read, by location target. */
export function texts(result: { files: Array<{ location: { target: string }; content: Buffer }> }) {
  return result.files.map(file => [file.location.target, file.content.toString('utf8')]);
}
