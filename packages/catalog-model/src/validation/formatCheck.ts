import type { z } from 'zod';
import { quoteValue } from './describeValue';

/**
 * A zod check that reports `{field} "<value>" is not valid: <advice>` when `isValid` rejects a
 * string, `{field} must not be empty` for the empty string, and says so when the value is merely
 * longer than `maxLength` (the usual surprise with otherwise well-formed names).
 */
export function formatCheck(
  isValid: (value: string) => boolean,
  advice: string,
  maxLength?: number,
) {
  return (ctx: z.core.ParsePayload<string>) => {
    const { value } = ctx;
    if (isValid(value)) {
      return;
    }
    let message = `{field} ${quoteValue(value)} is not valid: ${advice}`;
    if (value === '') {
      message = '{field} must not be empty';
    } else if (maxLength !== undefined && value.length > maxLength) {
      message = `{field} ${quoteValue(value)} is too long: it has ${value.length} characters, at most ${maxLength} are allowed (${advice})`;
    }
    ctx.issues.push({ code: 'custom', input: value, message });
  };
}
