import type { z } from 'zod';
import type { RootConfig } from '@callboard/plugin-api/backend';
import { formatPath } from '@callboard/plugin-api/backend';
import { ConfigError } from './ConfigError';
import type { LoadedConfig } from './loadConfig';
import { isPlainObject } from './substitute';

type PathSegment = string | number;

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const key of path) {
    if (Array.isArray(current) && /^\d+$/.test(String(key))) {
      current = current[Number(key)];
    } else if (isPlainObject(current)) {
      current = current[String(key)];
    } else {
      return undefined;
    }
  }
  return current;
}

function splitPath(path: string): string[] {
  return path ? path.split('.') : [];
}

/** Read access to the merged config with validation that names the failing key and its file. */
export function createRootConfig(loaded: LoadedConfig): RootConfig {
  const originOf = (path: readonly PathSegment[]) =>
    [...loaded.sources].reverse().find(source => valueAt(source.data, path) !== undefined);

  return {
    get: path => valueAt(loaded.data, splitPath(path)),
    read<T>(path: string, schema: z.ZodType<T>): T {
      const segments = splitPath(path);
      const result = schema.safeParse(valueAt(loaded.data, segments));
      if (result.success) {
        return result.data;
      }
      const problems = result.error.issues.map(issue => {
        const fullPath = [
          ...segments,
          ...issue.path.map(key => (typeof key === 'symbol' ? String(key) : key)),
        ];
        const origin = originOf(fullPath) ?? originOf(segments);
        const from = origin ? ` (in ${origin.file})` : '';
        return `${formatPath(fullPath) || '(root)'}: ${issue.message}${from}`;
      });
      throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
    },
    originDir: path => originOf(splitPath(path))?.dir ?? loaded.rootDir,
  };
}
