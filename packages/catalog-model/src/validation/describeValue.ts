/** A string in quotes, shortened when it would swamp the message. */
export function quoteValue(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** Describes a value as YAML shows it, for "… but found <this>" messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (value === null) {
    return 'an empty value (null)';
  }
  if (typeof value === 'string') {
    return `the string ${quoteValue(value)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return `the ${typeof value} ${String(value)}`;
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    // An unresolved `$text`/`$json`/`$yaml` placeholder: say so, it is a pipeline problem.
    if (keys.length === 1 && keys[0]?.startsWith('$')) {
      return `an unresolved ${keys[0]} placeholder`;
    }
    return 'a mapping (key: value pairs)';
  }
  return `a ${typeof value}`;
}

/** Names a JSON type the way the YAML author thinks of it. */
export function describeExpectedType(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a mapping (key: value pairs)';
    case 'boolean':
      return 'true or false';
    case 'number':
      return 'a number';
    default:
      return expected;
  }
}
