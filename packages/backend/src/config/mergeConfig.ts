import { isPlainObject } from './substitute';

/**
 * Merges config layers the way Backstage does: objects merge deeply, everything else
 * (strings, numbers, arrays) is replaced whole by the later layer. `null` in a later layer
 * means "explicitly absent" and removes the key.
 */
export function mergeConfig(base: unknown, override: unknown): unknown {
  if (override === undefined) {
    return base;
  }
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) {
      const merged = mergeConfig(base[key], value);
      if (merged === null || merged === undefined) {
        delete out[key];
      } else {
        out[key] = merged;
      }
    }
    return out;
  }
  return override;
}
