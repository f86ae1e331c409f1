import { describe, expect, it } from 'vitest';
import { durationSchema, durationToMilliseconds } from './duration';

describe('durations', () => {
  it('adds up every unit', () => {
    expect(
      durationToMilliseconds({ days: 1, hours: 1, minutes: 1, seconds: 1, milliseconds: 1 }),
    ).toBe(90_061_001);
  });

  it('rejects empty, negative and unknown units', () => {
    expect(durationSchema.safeParse({}).success).toBe(false);
    expect(durationSchema.safeParse({ minutes: -1 }).success).toBe(false);
    expect(durationSchema.safeParse({ minute: 5 }).success).toBe(false);
    expect(durationSchema.parse({ minutes: 5 })).toEqual({ minutes: 5 });
  });
});
