const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/** `"Nov 23, 2025, 8:41:07 PM"` in the reader's locale and time zone; the input if unparseable. */
export function formatDateTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** `"3 minutes ago"`, `"in 20 seconds"`, relative to `now` (epoch ms); the input if unparseable. */
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

/** `"350 ms"`, `"1.2 s"`, `"2 min 5 s"`, `"1 h 3 min"`. */
export function formatDuration(ms: number): string {
  if (ms < second) return `${Math.round(ms)} ms`;
  if (ms < minute) return `${(ms / second).toFixed(ms < 10 * second ? 1 : 0)} s`;
  if (ms < hour) {
    const minutes = Math.floor(ms / minute);
    const seconds = Math.round((ms % minute) / second);
    return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  }
  const hours = Math.floor(ms / hour);
  const minutes = Math.round((ms % hour) / minute);
  return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
}
