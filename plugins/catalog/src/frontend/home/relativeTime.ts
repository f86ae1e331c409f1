const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/** `"3 minutes ago"`, `"yesterday"`, relative to `now` (epoch ms); the input if unparseable. */
export function formatRelativeTime(iso: string, now: number, locale?: string): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const diff = time - now;
  const abs = Math.abs(diff);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (abs < minute) return format.format(Math.round(diff / second), 'second');
  if (abs < hour) return format.format(Math.round(diff / minute), 'minute');
  if (abs < day) return format.format(Math.round(diff / hour), 'hour');
  return format.format(Math.round(diff / day), 'day');
}

/** `"Nov 23, 2025, 8:41 PM"` in the reader's locale; the input if unparseable. */
export function formatDateTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
