import { describe, expect, it } from 'vitest';
import { createVersionedCache } from './versionedCache';

describe('createVersionedCache', () => {
  it('answers from memory until the version changes', async () => {
    let version = 0;
    let computed = 0;
    const cache = createVersionedCache({ version: () => version });
    const compute = async () => ++computed;
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('b', compute)).toBe(2);
    version++;
    expect(await cache.get('a', compute)).toBe(3);
    expect(await cache.get('a', compute)).toBe(3);
  });

  it('keeps a result computed across a change under the old version', async () => {
    let version = 0;
    let release: (value: number) => void = () => {};
    const cache = createVersionedCache({ version: () => version });
    const slow = cache.get('a', () => new Promise<number>(resolve => (release = resolve)));
    version++; // a change commits while the query runs
    release(1);
    expect(await slow).toBe(1);
    expect(await cache.get('a', async () => 2)).toBe(2);
  });

  it('shares a running query, forgets failures, and evicts the least recently used', async () => {
    const cache = createVersionedCache({ version: () => 0, maxEntries: 2 });
    let runs = 0;
    const compute = () => new Promise<number>(resolve => setTimeout(() => resolve(++runs), 5));
    expect(await Promise.all([cache.get('a', compute), cache.get('a', compute)])).toEqual([1, 1]);
    await expect(cache.get('bad', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('bad', async () => 7)).toBe(7);
    await cache.get('a', compute); // a is now more recent than bad
    await cache.get('c', async () => 9); // evicts bad
    expect(await cache.get('bad', async () => 8)).toBe(8);
  });

  it('recomputes after maxAgeMs whatever the version', async () => {
    const cache = createVersionedCache({ version: () => 0, maxAgeMs: 1 });
    await cache.get('a', async () => 1);
    await new Promise(resolve => setTimeout(resolve, 5));
    expect(await cache.get('a', async () => 2)).toBe(2);
  });
});
