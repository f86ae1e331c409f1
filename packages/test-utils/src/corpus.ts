import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { skipReason } from './requirement';

/**
 * The shared corpus: real-world catalog files nobody here wrote (`fixtures/`) and Backstage's own
 * examples (`reference/`). It lives outside the repository, so one variable says where; this
 * module imports nothing heavy, so domain tests can use it without loading the backend.
 */
export const corpusVariable = 'CALLBOARD_CORPUS_DIR';

/** The repository root (this file is packages/test-utils/src/corpus.ts). */
const repositoryRoot = resolve(import.meta.dirname, '../../..');

/** `$CALLBOARD_CORPUS_DIR` (relative to the repository root), or `../shared` beside the repository. */
export function corpusDir(): string {
  return resolve(repositoryRoot, process.env[corpusVariable] || '../shared');
}

/** A path inside the corpus, e.g. `corpusPath('fixtures/real-world')`. */
export function corpusPath(...segments: string[]): string {
  return resolve(corpusDir(), ...segments);
}

/**
 * Undefined when every one of `paths` (relative to the corpus) exists; otherwise the reason to
 * skip, printed loudly with the variable to set. Under CI=true it throws instead: CI must run
 * the corpus tests.
 */
export function corpusSkipReason(...paths: string[]): string | undefined {
  const missing = paths.filter(path => !existsSync(corpusPath(path)));
  return skipReason(
    'shared corpus',
    missing.length === 0
      ? undefined
      : `${missing.map(path => corpusPath(path)).join(', ')} not found ` +
          `(set ${corpusVariable} to the folder holding fixtures/ and reference/; ` +
          `it defaults to ../shared beside the repository)`,
    'CI must have the corpus',
  );
}
