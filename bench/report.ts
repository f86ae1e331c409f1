/** One measurement, printed as one JSON line on stdout. */
export interface Measurement {
  name: string;
  unit: string;
  value: number;
  [detail: string]: string | number;
}

export function report(measurement: Measurement): void {
  process.stdout.write(`${JSON.stringify({ ...measurement, at: new Date().toISOString() })}\n`);
}
