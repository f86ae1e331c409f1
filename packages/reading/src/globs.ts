/** Whether a path holds glob syntax: `*`, `?`, `[…]` or `{a,b}`. */
export function isGlob(path: string): boolean {
  return /[*?[]/.test(path) || /\{[^}]*,[^}]*\}/.test(path);
}

/** The literal folder a glob starts in (`services/**` → `services`), and the rest. */
export function globBase(segments: readonly string[]): { base: string[]; pattern: string[] } {
  const first = segments.findIndex(segment => isGlob(segment) || segment.includes('{'));
  if (first === -1) return { base: segments.slice(0, -1), pattern: segments.slice(-1) };
  return { base: segments.slice(0, first), pattern: segments.slice(first) };
}

/** Sorts paths by their UTF-16 code units, the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
