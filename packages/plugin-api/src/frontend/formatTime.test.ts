import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRelativeTime } from './formatTime';

describe('formatRelativeTime', () => {
  const now = Date.parse('2025-11-23T12:00:00Z');

  it('says how long ago or how soon, in the largest fitting unit', () => {
    expect(formatRelativeTime('2025-11-23T11:59:30Z', now, 'en')).toBe('30 seconds ago');
    expect(formatRelativeTime('2025-11-23T11:57:00Z', now, 'en')).toBe('3 minutes ago');
    expect(formatRelativeTime('2025-11-23T14:00:00Z', now, 'en')).toBe('in 2 hours');
    expect(formatRelativeTime('2025-11-20T12:00:00Z', now, 'en')).toBe('3 days ago');
    expect(formatRelativeTime('2025-08-23T12:00:00Z', now, 'en')).toBe('3 months ago');
    expect(formatRelativeTime('2025-11-23T12:00:20Z', now, 'en')).toBe('in 20 seconds');
    expect(formatRelativeTime('2023-11-23T12:00:00Z', now, 'en')).toBe('2 years ago');
  });

  it('gives back what it cannot parse', () => {
    expect(formatRelativeTime('soon', now)).toBe('soon');
    expect(formatDateTime('soon')).toBe('soon');
  });
});
