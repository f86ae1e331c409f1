import { formatFieldPath } from '@callboard/catalog-model';
import { describeForUser } from '@callboard/plugin-api/common';
import type { RepositoryReader, LocationSpec } from '@callboard/plugin-api/backend';
import { decodeUtf8 } from './decodeUtf8';
import { maxYamlDepth, nestsDeeperThan, parseYamlDocuments } from './parseYamlDocuments';
import type { Problem } from '../database/Problem';

const resolvers = ['$text', '$json', '$yaml'] as const;
type Resolver = (typeof resolvers)[number];

export interface PlaceholderContext {
  reader: RepositoryReader;
  /** The file the entity was read from; relative placeholder paths resolve against it. */
  base: LocationSpec;
  /** For file locations: reads must stay inside this folder. */
  root?: string;
  fresh?: boolean;
  signal?: AbortSignal;
}

/** Whether an entity contains any `$text`/`$json`/`$yaml` placeholder object. */
export function hasPlaceholders(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasPlaceholders);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (resolvers as readonly string[]).includes(keys[0]!)) return true;
    return Object.values(value).some(hasPlaceholders);
  }
  return false;
}

/**
 * Replaces every object that consists of exactly one `$text`, `$json` or `$yaml` key with the
 * content it points at: `$text` the file as a string, `$json`/`$yaml` the parsed value. Paths
 * are relative to the entity's own file (or absolute URLs, read under the same allow-list).
 * Other objects — including ones with a `$` key among others, and strings that merely look
 * like placeholders — are left alone. Failures become problems naming the field.
 */
export async function resolvePlaceholders(
  value: unknown,
  context: PlaceholderContext,
): Promise<{ value: unknown; problems: Problem[] }> {
  const problems: Problem[] = [];
  const walk = async (node: unknown, path: Array<string | number>): Promise<unknown> => {
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      for (const [index, item] of node.entries()) out.push(await walk(item, [...path, index]));
      return out;
    }
    if (!node || typeof node !== 'object') {
      return node;
    }
    const entries = Object.entries(node as Record<string, unknown>);
    const [first] = entries;
    if (entries.length === 1 && first && (resolvers as readonly string[]).includes(first[0])) {
      return resolveOne(first[0] as Resolver, first[1], path);
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of entries) out[key] = await walk(child, [...path, key]);
    return out;
  };

  const resolveOne = async (
    resolver: Resolver,
    target: unknown,
    path: Array<string | number>,
  ): Promise<unknown> => {
    const field = formatFieldPath(path);
    if (typeof target !== 'string' || target.trim() === '') {
      problems.push(placeholderProblem(field, `${resolver} needs a path or URL as a string`));
      return undefined;
    }
    try {
      const location = context.reader.resolveTarget(context.base, target, { root: context.root });
      const file = await context.reader.readFile(location, {
        fresh: context.fresh,
        signal: context.signal,
      });
      const decoded = decodeUtf8(file.content);
      if (!decoded.ok) {
        throw new Error(
          `${target} is not valid UTF-8: the first invalid byte sequence is at byte offset ${decoded.offset}; the file was not read`,
        );
      }
      const text = decoded.text;
      if (resolver === '$text') return text;
      if (resolver === '$json') {
        const value = JSON.parse(text) as unknown;
        if (nestsDeeperThan(value, maxYamlDepth)) {
          throw new Error(`${target} is nested deeper than ${maxYamlDepth} levels`);
        }
        return value;
      }
      // The catalog's own YAML reading: the same limits, and a depth error with its line.
      const documents = parseYamlDocuments(text);
      if (documents.length !== 1) {
        throw new Error(
          `expected exactly one YAML document in ${target}, found ${documents.length}`,
        );
      }
      const [document] = documents;
      if (!document!.ok) throw new Error(document!.message);
      return document!.value;
    } catch (error) {
      const name = error instanceof SyntaxError ? 'InputError' : ((error as Error).name ?? 'Error');
      problems.push({
        ...placeholderProblem(
          field,
          `could not resolve ${resolver} "${target}": ${describeForUser(error)}`,
        ),
        name: name === 'Error' ? 'InputError' : name,
      });
      return undefined;
    }
  };

  const resolved = await walk(value, []);
  return { value: resolved, problems };
}

function placeholderProblem(field: string, message: string): Problem {
  return {
    type: 'placeholder',
    level: 'error',
    name: 'InputError',
    message: `${field}: ${message}`,
    field,
  };
}
