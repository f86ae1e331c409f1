import { InputError } from '@callboard/plugin-api/common';

/**
 * Parses `fields` (backstage-spec §2.4): comma-separated and/or repeated dot paths, trimmed, empty
 * ones dropped. Undefined means "whole entities". Array paths (`[`) are refused.
 */
export function parseFields(values: readonly string[] | undefined): string[] | undefined {
  const fields = (values ?? [])
    .flatMap(value => value.split(','))
    .map(field => field.trim())
    .filter(Boolean);
  if (fields.length === 0) return undefined;
  if (fields.some(field => field.includes('['))) {
    throw new InputError('invalid fields, array type fields are not supported');
  }
  return [...new Set(fields)];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The object keys a dot path walks through. A key may itself contain dots (annotation keys such
 * as `backstage.io/orphan`), so segments are joined greedily: at each level the shortest run of
 * segments that names an existing key is tried first, and longer runs when the rest of the path
 * does not resolve below it. Undefined when the path does not exist.
 */
function resolvePath(node: unknown, segments: readonly string[]): string[] | undefined {
  if (segments.length === 0) return [];
  if (!isObject(node)) return undefined;
  for (let count = 1; count <= segments.length; count++) {
    const key = segments.slice(0, count).join('.');
    if (Object.hasOwn(node, key)) {
      const rest = resolvePath(node[key], segments.slice(count));
      if (rest) return [key, ...rest];
    }
  }
  return undefined;
}

function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Keeps only the subtrees named by `fields`; the rest is pruned. */
export function selectFields(entity: unknown, fields: readonly string[]): JsonObject {
  const output: JsonObject = {};
  for (const field of fields) {
    const path = resolvePath(entity, field.split('.'));
    if (!path || path.length === 0) continue;
    let source: unknown = entity;
    let target = output;
    for (const [index, key] of path.entries()) {
      source = (source as JsonObject)[key];
      if (index === path.length - 1) {
        setOwn(target, key, source);
      } else {
        let next = target[key];
        if (!Object.hasOwn(target, key) || !isObject(next)) {
          next = {};
          setOwn(target, key, next);
        }
        target = next as JsonObject;
      }
    }
  }
  return output;
}

/** Applies a field selection to serialized entities; without one they pass through untouched. */
export function selectSerializedFields(
  entities: readonly string[],
  fields: readonly string[] | undefined,
): string[] {
  if (!fields) return [...entities];
  return entities.map(text => JSON.stringify(selectFields(JSON.parse(text), fields)));
}
