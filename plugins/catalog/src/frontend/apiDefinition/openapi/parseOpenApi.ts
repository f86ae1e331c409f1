import { parse } from 'yaml';

export type ParsedOpenApi =
  | { ok: true; spec: Record<string, unknown>; version: '2.0' | '3' }
  | { ok: false; message: string };

/**
 * Reads an OpenAPI definition (YAML or JSON) and checks it is one the viewer can draw: an object
 * with `openapi: 3.x` or `swagger: "2.0"`. Anything else gets a sentence saying why, so the tab
 * can show it above the plain text instead of an empty viewer.
 */
export function parseOpenApi(definition: string): ParsedOpenApi {
  let document: unknown;
  try {
    document = parse(definition, { prettyErrors: true, maxAliasCount: 1000 });
  } catch (error) {
    return {
      ok: false,
      message: `The definition is not valid YAML or JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return {
      ok: false,
      message: 'The definition is not an OpenAPI document: it is not an object.',
    };
  }
  const spec = document as Record<string, unknown>;
  const version =
    typeof spec.openapi === 'string' && /^3\./.test(spec.openapi)
      ? '3'
      : String(spec.swagger) === '2.0'
        ? '2.0'
        : undefined;
  if (version) {
    const external = findExternalRef(spec);
    if (external !== undefined) {
      return {
        ok: false,
        message: `The definition refers to another file ($ref: ${JSON.stringify(external)}). The viewer draws self-contained definitions only and fetches nothing; bundle the definition into one file (for example with "redocly bundle") and point spec.definition at that.`,
      };
    }
    return { ok: true, spec, version };
  }
  if (spec.openapi !== undefined) {
    return {
      ok: false,
      message: `The viewer reads OpenAPI 3.x and Swagger 2.0; this document says openapi: ${JSON.stringify(spec.openapi)}.`,
    };
  }
  return {
    ok: false,
    message:
      'The definition is not an OpenAPI document: it has neither an "openapi: 3.x" nor a "swagger: \'2.0\'" field.',
  };
}

/** The first `$ref` that points outside the document (anything not starting with `#`). */
function findExternalRef(value: unknown, depth = 0): string | undefined {
  if (depth > 64 || typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findExternalRef(item, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key === '$ref' && typeof item === 'string' && !item.startsWith('#')) return item;
    const found = findExternalRef(item, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
