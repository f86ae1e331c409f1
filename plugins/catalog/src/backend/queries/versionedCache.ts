/**
 * Remembers query results (counts, facets) while the catalog has not changed. `version()` is
 * bumped whenever served entities change (NOTIFY on commit, see changeNotifyMigrations); a result
 * is stored under the version read BEFORE its query ran, so a change that commits while the
 * query runs makes the stored result stale at once rather than hiding the change.
 */
export interface VersionedCache {
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

export function createVersionedCache(options: {
  version: () => number;
  /** Entries kept (least recently used go first). */
  maxEntries?: number;
  /** A result is recomputed after this long whatever the version (a missed notification). */
  maxAgeMs?: number;
}): VersionedCache {
  const maxEntries = options.maxEntries ?? 500;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const entries = new Map<string, { version: number; at: number; value: Promise<unknown> }>();
  return {
    async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const version = options.version();
      const now = Date.now();
      const found = entries.get(key);
      if (found && found.version === version && now - found.at < maxAgeMs) {
        // Most recently used last: a Map iterates in insertion order.
        entries.delete(key);
        entries.set(key, found);
        return found.value as Promise<T>;
      }
      // Concurrent identical requests share one query while it runs.
      const value = compute();
      entries.set(key, { version, at: now, value });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return value;
    },
  };
}

/** No caching: every call computes (a query service without change notifications). */
export const noCache: VersionedCache = { get: (_key, compute) => compute() };
