/**
 * Retries `check` until it stops throwing (an `expect` inside it, say) and returns its result.
 * For outcomes that happen asynchronously, such as ingestion. The timeout is a ceiling against
 * hanging tests, not a performance assertion: benchmarks measure speed.
 */
export async function eventually<T>(
  check: () => Promise<T> | T,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise(resolve => setTimeout(resolve, intervalMs));
    }
  }
}
