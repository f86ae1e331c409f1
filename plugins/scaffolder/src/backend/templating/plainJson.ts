import { InputError } from '@callboard/plugin-api/common';

const maxDepth = 100;

/**
 * A deep copy made only of JSON data (objects with `Object.prototype`, arrays, strings, numbers,
 * booleans, null; `undefined` kept). Templates see only such copies: no class instances, no
 * functions, no getters, nothing shared with the caller. `toJSON` is honoured (dates become
 * strings); functions and symbols are left out, as `JSON.stringify` would. A `__proto__` key
 * becomes an ordinary own property.
 */
export function toPlainJson(value: unknown, seen: unknown[] = []): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  if (seen.includes(value)) throw new InputError('Template values must not contain cycles');
  if (seen.length >= maxDepth) {
    throw new InputError(`Template values are nested deeper than ${maxDepth} levels`);
  }
  const object = value as Record<string, unknown> & { toJSON?: unknown };
  if (typeof object.toJSON === 'function' && !Array.isArray(object)) {
    return toPlainJson((object.toJSON as () => unknown)(), seen);
  }
  seen.push(value);
  try {
    if (Array.isArray(value)) return value.map(item => toPlainJson(item, seen));
    // A string value of a template (SafeString) is a String-like object: keep the string.
    if (value instanceof String) return value.toString();
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(object)) {
      const item = toPlainJson(object[key], seen);
      if (item === undefined && typeof object[key] !== 'undefined') continue;
      Object.defineProperty(copy, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  } finally {
    seen.pop();
  }
}

/** Plain data objects (not arrays, not class instances). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
