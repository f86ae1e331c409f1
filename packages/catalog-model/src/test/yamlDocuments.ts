// Reading descriptor files for the tests the way Backstage's catalog does: every document of a
// multi-document YAML stream, where syntax errors, empty documents (a trailing `---`) and
// non-object documents are told apart from entity documents.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { corpusPath, corpusSkipReason } from '@callboard/test-utils/corpus';

export const REFERENCE_DIR = corpusPath('reference/backstage');
export const FIXTURES_DIR = corpusPath('fixtures/real-world');
/** Backstage's example entities, inside REFERENCE_DIR. */
export const EXAMPLES_DIR = join(REFERENCE_DIR, 'packages/catalog-model/examples');

/** Why the corpus tests skip here (undefined: they run); throws under CI=true. */
export const corpusSkip = (needs: { fixtures?: boolean; examples?: boolean }) =>
  corpusSkipReason(
    ...(needs.fixtures ? ['fixtures/real-world/SOURCES.tsv'] : []),
    ...(needs.examples ? ['reference/backstage/packages/catalog-model/examples'] : []),
  );

export type YamlDocument =
  | { file: string; index: number; status: 'entity'; value: Record<string, unknown> }
  | { file: string; index: number; status: 'yaml-error'; error: string }
  | { file: string; index: number; status: 'empty' }
  | { file: string; index: number; status: 'not-an-object'; type: string };

export function readYamlDocuments(path: string, file = path): YamlDocument[] {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'));
  // An empty stream comes back as an EmptyStream object, not an array.
  if (!Array.isArray(documents)) {
    return [];
  }
  return documents.map((document, index): YamlDocument => {
    if (document.errors.length > 0) {
      const error = String(document.errors[0]?.message ?? 'unknown error').split('\n')[0] ?? '';
      return { file, index, status: 'yaml-error', error };
    }
    // toJSON, as Backstage's parseEntityYaml does.
    const value: unknown = document.toJSON();
    if (value === null || value === undefined) {
      return { file, index, status: 'empty' };
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      return {
        file,
        index,
        status: 'not-an-object',
        type: Array.isArray(value) ? 'array' : typeof value,
      };
    }
    return { file, index, status: 'entity', value: value as Record<string, unknown> };
  });
}

/**
 * Replaces `$text`/`$json`/`$yaml` placeholders (an object with exactly that one key and a string
 * value) with stand-ins, since the tests do not fetch the files they point at.
 */
export function resolvePlaceholders(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(resolvePlaceholders);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first && typeof first[1] === 'string') {
    if (first[0] === '$text') {
      return `stand-in text for ${first[1]}`;
    }
    if (first[0] === '$json' || first[0] === '$yaml') {
      return { standIn: first[1] };
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolvePlaceholders(v)]));
}

export function listFilesRecursively(dir: string, extensions: readonly string[]): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap(name => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        return listFilesRecursively(path, extensions);
      }
      return extensions.some(ext => name.endsWith(ext)) ? [path] : [];
    });
}

export interface FixtureSource {
  repo: string;
  path: string;
  kind: string;
  file: string;
  eol: string;
  notes: string;
}

/** The rows of the fixtures' SOURCES.tsv. */
export function readFixtureSources(): FixtureSource[] {
  const [header, ...rows] = readFileSync(join(FIXTURES_DIR, 'SOURCES.tsv'), 'utf8')
    .trimEnd()
    .split('\n');
  const columns = (header ?? '').split('\t');
  const column = (row: string[], name: string) => row[columns.indexOf(name)] ?? '';
  return rows.map(line => {
    const row = line.split('\t');
    return {
      repo: column(row, 'repo'),
      path: column(row, 'path'),
      kind: column(row, 'kind'),
      file: column(row, 'fixture_file'),
      eol: column(row, 'eol'),
      notes: column(row, 'notes'),
    };
  });
}
