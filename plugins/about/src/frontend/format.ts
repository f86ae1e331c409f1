const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;

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
