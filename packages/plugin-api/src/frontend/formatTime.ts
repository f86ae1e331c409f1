// Times as plugins show them: absolute in the reader's locale, and relative ("3 minutes ago").
const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;
const month = 30 * day;
const year = 365 * day;

/** `"Nov 23, 2025, 8:41:07 PM"` in the reader's locale and time zone; the input if unparseable. */
export function formatDateTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** `"3 minutes ago"`, `"in 20 seconds"`, measured from `now` (epoch ms); the input if unparseable. */
export function formatRelativeTime(iso: string, now: number, locale?: string): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const diff = time - now;
  const abs = Math.abs(diff);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (abs < minute) return format.format(Math.round(diff / second), 'second');
  if (abs < hour) return format.format(Math.round(diff / minute), 'minute');
  if (abs < day) return format.format(Math.round(diff / hour), 'hour');
  if (abs < month) return format.format(Math.round(diff / day), 'day');
  if (abs < year) return format.format(Math.round(diff / month), 'month');
  return format.format(Math.round(diff / year), 'year');
}
