/**
 * Tests that need a real PostgreSQL server or a real Chromium skip with a loud reason when the
 * machine lacks them — except under CI=true, where a missing dependency is a failure: CI must
 * exercise the real thing.
 */
export function isCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

export class MissingTestDependencyError extends Error {}

/**
 * Returns undefined when the dependency is there, or the reason to skip. Under CI it throws.
 */
export function skipReason(
  what: string,
  problem: string | undefined,
  /** What CI does to provide it, said when it is missing there. */
  inCi = '.ci/run installs and starts it',
): string | undefined {
  if (!problem) return undefined;
  const message = `${what} is not available: ${problem}`;
  if (isCi()) {
    throw new MissingTestDependencyError(`${message} (CI=true: tests must not skip; ${inCi})`);
  }
  console.warn(`\n\n*** SKIPPING ${what} TESTS: ${message} ***\n\n`);
  return message;
}
