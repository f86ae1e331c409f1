import type { IngestionProblem } from '../../common';

/**
 * Where a problem is, in words: `catalog-info.yaml, document 2, line 15, field spec.owner`.
 * The file is shortened to its path in the repository when the URL is a forge's blob URL.
 */
export function describeProblemPlace(problem: IngestionProblem): string | undefined {
  const parts = [problem.file ? shortFileName(problem.file) : undefined, problemPosition(problem)];
  const present = parts.filter((part): part is string => part !== undefined);
  return present.length > 0 ? present.join(', ') : undefined;
}

/** Where in the file: `document 2, line 15, field spec.owner`; undefined when nothing is known. */
export function problemPosition(problem: IngestionProblem): string | undefined {
  const parts = [
    problem.document ? `document ${problem.document}` : undefined,
    problem.line ? `line ${problem.line}` : undefined,
    problem.field ? `field ${problem.field}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** `url:https://host/org/repo/blob/main/a/catalog-info.yaml` → `a/catalog-info.yaml`. */
export function shortFileName(fileRef: string): string {
  const target = stripLocationType(fileRef);
  const blob = /\/(?:-\/)?blob\/[^/]+\/(.+)$/.exec(target);
  if (blob?.[1]) return decodeURIComponentSafe(blob[1]);
  return target;
}

/** The URL of a file ref when it is a web address (`url:https://…`), for a link; otherwise undefined. */
export function fileHref(fileRef: string): string | undefined {
  const target = stripLocationType(fileRef);
  try {
    const url = new URL(target);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function stripLocationType(fileRef: string): string {
  const match = /^(url|file):(.*)$/.exec(fileRef);
  return match?.[2] ?? fileRef;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
