/**
 * The format rules for entity fields, with Backstage's exact patterns and lengths (its default
 * `FieldFormatEntityPolicy` validators), each paired with the advice shown when a value breaks it.
 */

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_LABEL = /^[a-z0-9]+(?:-+[a-z0-9]+)*$/;
// The catalog's default tag rule allows `:` (e.g. `team:payments`), unlike the older helper.
const TAG = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;
const KIND = /^[a-zA-Z][a-z0-9A-Z]*$/;
const API_VERSION_SUFFIX = /^[a-z0-9A-Z]+$/;

const isString = (value: unknown): value is string => typeof value === 'string';
const within = (value: string, min: number, max: number) =>
  value.length >= min && value.length <= max;

/** `metadata.name`, label suffixes and non-empty label values: 1–63 chars, alphanumeric ends. */
export function isValidEntityName(value: unknown): boolean {
  return isString(value) && within(value, 1, 63) && NAME.test(value);
}

/** An RFC 1123 DNS label: 1–63 lower-case alphanumerics separated by dashes. */
export function isValidDnsLabel(value: unknown): boolean {
  return isString(value) && within(value, 1, 63) && DNS_LABEL.test(value);
}

/** An RFC 1123 DNS subdomain: at most 253 chars of dot-separated DNS labels. */
export function isValidDnsSubdomain(value: unknown): boolean {
  return isString(value) && within(value, 1, 253) && value.split('.').every(isValidDnsLabel);
}

/** `metadata.namespace`: a DNS label. */
export function isValidNamespace(value: unknown): boolean {
  return isValidDnsLabel(value);
}

/** `<suffix>` or `<prefix>/<suffix>`: at most one slash, each side checked by its own rule. */
function isPrefixedName(
  value: unknown,
  isPrefix: (part: string) => boolean,
  isSuffix: (part: string) => boolean,
): boolean {
  if (!isString(value)) {
    return false;
  }
  const parts = value.split('/');
  if (parts.length === 1) {
    return isSuffix(parts[0] as string);
  }
  return parts.length === 2 && isPrefix(parts[0] as string) && isSuffix(parts[1] as string);
}

/** Label keys: an optional DNS-subdomain prefix and `/`, then an entity-name-like suffix. */
export function isValidLabelKey(value: unknown): boolean {
  return isPrefixedName(value, isValidDnsSubdomain, isValidEntityName);
}

/** Label values: empty, or an entity-name-like string. */
export function isValidLabelValue(value: unknown): boolean {
  return value === '' || isValidEntityName(value);
}

/** Annotation keys follow the label key rule; their values may be any string. */
export function isValidAnnotationKey(value: unknown): boolean {
  return isValidLabelKey(value);
}

/** `metadata.tags[]`: 1–63 chars of `a-z 0-9 : + #` in groups joined by single dashes. */
export function isValidTag(value: unknown): boolean {
  return isString(value) && within(value, 1, 63) && TAG.test(value);
}

/** `kind`: 1–63 letters and digits starting with a letter. */
export function isValidKind(value: unknown): boolean {
  return isString(value) && within(value, 1, 63) && KIND.test(value);
}

/** `apiVersion`: an optional DNS-subdomain group and `/`, then 1–63 letters and digits. */
export function isValidApiVersion(value: unknown): boolean {
  return isPrefixedName(
    value,
    isValidDnsSubdomain,
    suffix => within(suffix, 1, 63) && API_VERSION_SUFFIX.test(suffix),
  );
}

/** An absolute URL, as the WHATWG URL parser (browsers, Node) accepts it. */
export function isValidUrl(value: unknown): boolean {
  if (!isString(value)) {
    return false;
  }
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** A string with something other than whitespace in it. */
export function isNonBlankString(value: unknown): boolean {
  return isString(value) && value.trim().length > 0;
}

/** The advice appended to "… is not valid:" for each rule. */
export const FIELD_FORMAT_ADVICE = {
  name: 'use 1–63 characters a-z, A-Z, 0-9, separated by -, _ or . (must start and end with a letter or digit)',
  namespace:
    'use 1–63 lower-case characters a-z and 0-9, separated by - (must start and end with a letter or digit)',
  labelKey:
    'use a name of 1–63 characters a-z, A-Z, 0-9, separated by -, _ or . (starting and ending with a letter or digit), optionally after a lower-case DNS domain and a single / (e.g. "example.com/my-key")',
  labelValue:
    'use an empty string or 1–63 characters a-z, A-Z, 0-9, separated by -, _ or . (must start and end with a letter or digit)',
  tag: 'use 1–63 lower-case characters a-z, 0-9, :, + or #, in groups separated by a single - (e.g. "java", "c++", "team:payments")',
  kind: 'use 1–63 letters and digits, starting with a letter (e.g. "Component")',
  apiVersion:
    'use <group>/<version>, where the optional group is a lower-case DNS domain and the version 1–63 letters and digits (e.g. "backstage.io/v1alpha1")',
  url: 'use an absolute URL (e.g. "https://example.com/runbook")',
} as const;
