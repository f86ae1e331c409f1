/** A JSON column's value: the drivers answer some as text and some already parsed. */
export function parseStoredJson(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}
