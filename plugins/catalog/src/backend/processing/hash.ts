import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal data always hashes equally. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(
        Object.entries(item as Record<string, unknown>).sort(([a], [b]) =>
          a < b ? -1 : a > b ? 1 : 0,
        ),
      );
    }
    return item;
  });
}

export function hashOf(value: unknown): string {
  return createHash('sha1').update(stableStringify(value)).digest('hex');
}
