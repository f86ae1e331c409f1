import { isScriptUrl } from '@callboard/catalog-model';

/**
 * The URL as a link target when it is an absolute http(s) URL, else undefined. Descriptors are
 * written by anyone who can open a pull request, so `javascript:`, `data:` and the like must
 * never become an `href`: callers show those as plain text instead.
 */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || isScriptUrl(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

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
