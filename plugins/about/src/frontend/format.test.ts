import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, formatRelativeTime } from './format';

describe('formatDuration', () => {
  it('picks a unit a person reads at a glance', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(349.6)).toBe('350 ms');
    expect(formatDuration(1_234)).toBe('1.2 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(3_780_000)).toBe('1 h 3 min');
  });
});

describe('formatRelativeTime', () => {
  const now = Date.parse('2025-11-23T12:00:00Z');
  it('says how long ago or how soon', () => {
    expect(formatRelativeTime('2025-11-23T11:57:00Z', now, 'en')).toBe('3 minutes ago');
    expect(formatRelativeTime('2025-11-23T12:00:20Z', now, 'en')).toBe('in 20 seconds');
    expect(formatRelativeTime('2025-11-23T10:00:00Z', now, 'en')).toBe('2 hours ago');
    expect(formatRelativeTime('2025-11-21T12:00:00Z', now, 'en')).toBe('2 days ago');
  });
  it('returns what it cannot parse unchanged', () => {
    expect(formatRelativeTime('soon', now, 'en')).toBe('soon');
    expect(formatDateTime('soon', 'en')).toBe('soon');
  });
});
