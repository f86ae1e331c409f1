import { z } from 'zod';

/** A human duration as Backstage's config writes it: `{ minutes: 5 }`, `{ seconds: 30 }`. */
export const durationSchema = z
  .object({
    milliseconds: z.number().nonnegative().optional(),
    seconds: z.number().nonnegative().optional(),
    minutes: z.number().nonnegative().optional(),
    hours: z.number().nonnegative().optional(),
    days: z.number().nonnegative().optional(),
  })
  .strict()
  .refine(
    value => Object.keys(value).length > 0,
    'a duration needs at least one of milliseconds, seconds, minutes, hours, days',
  );

export type Duration = z.infer<typeof durationSchema>;

export function durationToMilliseconds(duration: Duration): number {
  return (
    (duration.milliseconds ?? 0) +
    (duration.seconds ?? 0) * 1_000 +
    (duration.minutes ?? 0) * 60_000 +
    (duration.hours ?? 0) * 3_600_000 +
    (duration.days ?? 0) * 86_400_000
  );
}
