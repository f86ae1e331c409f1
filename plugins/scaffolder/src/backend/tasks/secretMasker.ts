/**
 * Replaces every secret value in a text with `***`, longest first (so a secret containing another
 * is masked whole). Values shorter than 3 characters are not masked: masking `a` or `1` would
 * garble every log line without hiding anything.
 */
export function createSecretMasker(values: Iterable<string>): (text: string) => string {
  const secrets = [...new Set([...values].filter(value => value.length >= 3))].sort(
    (a, b) => b.length - a.length,
  );
  if (secrets.length === 0) return text => text;
  return text => {
    let masked = text;
    for (const secret of secrets) masked = masked.split(secret).join('***');
    return masked;
  };
}

/** Every string inside a secrets object (nested values included). */
export function secretValues(secrets: unknown): string[] {
  if (typeof secrets === 'string') return [secrets];
  if (Array.isArray(secrets)) return secrets.flatMap(secretValues);
  if (secrets && typeof secrets === 'object') return Object.values(secrets).flatMap(secretValues);
  return [];
}
