/**
 * Bounds on one render (one string or one file). They make a hostile template fail fast instead
 * of exhausting the replica's memory or blocking its event loop for long (ADR 0011).
 */
export interface TemplateLimits {
  /** Longest list `range()` may produce. */
  maxRangeLength: number;
  /** Longest string any expression, filter or method may produce, and the longest output. */
  maxStringLength: number;
  /** Longest list any expression, filter or method may produce. */
  maxArrayLength: number;
  /** Lookups, calls, filters, outputs and variable writes in one render (every loop iteration writes). */
  maxOperations: number;
  /** Wall-clock time of one render, checked between operations. */
  maxRenderMs: number;
}

export const defaultTemplateLimits: Readonly<TemplateLimits> = Object.freeze({
  maxRangeLength: 10_000,
  maxStringLength: 16 * 1024 * 1024,
  maxArrayLength: 100_000,
  maxOperations: 2_000_000,
  maxRenderMs: 5_000,
});
