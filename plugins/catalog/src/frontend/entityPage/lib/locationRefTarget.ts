/**
 * The target of a `url:` location ref (`url:https://…` → `https://…`); other location types
 * (`file:/…`) and bare values are returned as written, to be shown as text.
 */
export function locationRefTarget(ref: string): { type?: string; target: string } {
  const colon = ref.indexOf(':');
  const type = colon === -1 ? '' : ref.slice(0, colon);
  // `https://…` written without the `url:` prefix is a URL too, not a location of type "https".
  if (colon === -1 || type === 'http' || type === 'https') return { target: ref };
  return { type, target: ref.slice(colon + 1) };
}
