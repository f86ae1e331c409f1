import { ANNOTATION_LOCATION, ANNOTATION_SOURCE_LOCATION } from '../entity/annotations';
import type { Entity } from '../entity/Entity';
import { stringifyEntityRef } from '../entity/ref';

/** Where entities are read from, e.g. `{ type: 'url', target: 'https://…/catalog-info.yaml' }`. */
export interface LocationRef {
  type: string;
  target: string;
}

/**
 * True for `javascript:` URLs, however they are disguised: browsers skip leading control
 * characters and spaces, and ignore tabs and newlines inside the scheme, so `\n java\tscript:`
 * still runs script.
 */
export function isScriptUrl(value: string): boolean {
  let start = 0;
  while (start < value.length && value.charCodeAt(start) <= 0x20) {
    start += 1;
  }
  const scheme = value
    .slice(start)
    .replace(/[\t\n\r]/g, '')
    .slice(0, 'javascript:'.length);
  return scheme.toLowerCase() === 'javascript:';
}

/**
 * The URL as a link target when it is an absolute http(s) URL, else undefined. Descriptors and
 * template outputs are written by anyone who can open a pull request, so `javascript:`, `data:`
 * and the like must never become an `href`: callers show those as plain text instead.
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

const EXPECTED = "expected '<type>:<target>', e.g. 'url:https://host/path'";

/**
 * Parses `<type>:<target>`, splitting at the FIRST colon only (the target is usually a URL with
 * colons of its own). Throws a `TypeError` for a missing part, for `http:`/`https:` used as a type
 * (the author forgot the `url:` prefix) and for `javascript:` targets.
 */
export function parseLocationRef(ref: string): LocationRef {
  if (typeof ref !== 'string') {
    throw new TypeError(`Unable to parse location ref '${String(ref)}', ${EXPECTED}`);
  }
  const colon = ref.indexOf(':');
  const type = colon === -1 ? '' : ref.slice(0, colon).trim();
  const target = colon === -1 ? '' : ref.slice(colon + 1).trim();
  if (!type || !target) {
    throw new TypeError(`Unable to parse location ref '${ref}', ${EXPECTED}`);
  }
  if (type === 'http' || type === 'https') {
    throw new TypeError(
      `Invalid location ref '${ref}', please prefix it with 'url:', e.g. 'url:${ref}'`,
    );
  }
  if (isScriptUrl(target)) {
    throw new TypeError(`Invalid location ref '${ref}', target is a javascript: URL`);
  }
  return { type, target };
}

/** The string form `<type>:<target>`. Throws a `TypeError` for empty parts or script targets. */
export function stringifyLocationRef(ref: LocationRef): string {
  if (!ref.type) {
    throw new TypeError('Unable to stringify location ref, empty type');
  }
  if (!ref.target) {
    throw new TypeError('Unable to stringify location ref, empty target');
  }
  if (isScriptUrl(ref.target)) {
    throw new TypeError(
      `Invalid location ref '${ref.type}:${ref.target}', target is a javascript: URL`,
    );
  }
  return `${ref.type}:${ref.target}`;
}

/**
 * Where the entity's source lives: its `source-location` annotation, else the location it was
 * read from. Throws a `TypeError` when it has neither or the annotation does not parse.
 */
export function getEntitySourceLocation(entity: Entity): LocationRef {
  const annotations = entity.metadata.annotations ?? {};
  const ref = annotations[ANNOTATION_SOURCE_LOCATION] ?? annotations[ANNOTATION_LOCATION];
  if (!ref) {
    throw new TypeError(`Entity '${stringifyEntityRef(entity)}' is missing location`);
  }
  return parseLocationRef(ref);
}
