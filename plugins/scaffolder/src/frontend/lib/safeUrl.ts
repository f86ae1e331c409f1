import { isScriptUrl } from '@callboard/catalog-model';

/**
 * The URL as a link target when it is an absolute http(s) URL, else undefined. Template outputs
 * are written by whoever can change a template, so `javascript:` and `data:` URLs must never
 * become an `href`; callers show them as text instead.
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
