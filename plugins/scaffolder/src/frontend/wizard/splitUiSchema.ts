import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import type { JsonSchemaObject } from '../../common';

/**
 * Templates write RJSF's `ui:*` keys inline, beside the JSON Schema keywords of each property
 * (Backstage's style). RJSF wants them apart, in a uiSchema tree of the same shape as the data:
 * this splits one into the other, at every depth, including the properties that appear under
 * `dependencies`, `oneOf`/`anyOf`/`allOf` and `if`/`then`/`else` (those describe the same
 * object, so their keys land at the same level), array `items`, and `additionalProperties`.
 * An `enumNames` list in the schema becomes `ui:enumNames`.
 */
export interface SplitSchema {
  schema: RJSFSchema;
  uiSchema: UiSchema;
}

export function splitUiSchema(input: JsonSchemaObject): SplitSchema {
  const uiSchema: UiNode = {};
  const schema = extract(input, uiSchema);
  return { schema: isObject(schema) ? schema : {}, uiSchema };
}

type UiNode = Record<string, unknown>;

/** Keywords whose schemas describe the same value, so their `ui:*` keys share its uiSchema. */
const sameLevelLists = ['oneOf', 'anyOf', 'allOf'] as const;
const sameLevelSchemas = ['if', 'then', 'else'] as const;

function extract(node: unknown, ui: UiNode): unknown {
  if (!isObject(node)) return node;
  const schema: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('ui:')) {
      ui[key] = value;
    } else if (key === 'enumNames' && Array.isArray(value)) {
      // The labels of an enum's values, written in the schema by templates made for RJSF 4
      // (Backstage still accepts them); RJSF 5+ reads them only as `ui:enumNames`.
      ui['ui:enumNames'] ??= value;
    } else {
      schema[key] = value;
    }
  }

  if (isObject(schema.properties)) {
    const properties: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(schema.properties)) {
      const child = childNode(ui, name);
      properties[name] = extract(property, child);
      keepIfUsed(ui, name, child);
    }
    schema.properties = properties;
  }

  if (isObject(schema.items)) {
    const child = childNode(ui, 'items');
    schema.items = extract(schema.items, child);
    keepIfUsed(ui, 'items', child);
  } else if (Array.isArray(schema.items)) {
    // Tuple items: RJSF reads `ui.items` as an array of uiSchemas, one per position.
    const children = schema.items.map(() => ({}) as UiNode);
    schema.items = schema.items.map((item, index) => extract(item, children[index] ?? {}));
    if (children.some(child => Object.keys(child).length > 0)) ui.items = children;
  }

  if (isObject(schema.additionalProperties)) {
    const child = childNode(ui, 'additionalProperties');
    schema.additionalProperties = extract(schema.additionalProperties, child);
    keepIfUsed(ui, 'additionalProperties', child);
  }

  if (isObject(schema.dependencies)) {
    const dependencies: Record<string, unknown> = {};
    for (const [name, dependency] of Object.entries(schema.dependencies)) {
      // A list of property names is a property dependency; an object is a schema dependency.
      dependencies[name] = Array.isArray(dependency) ? dependency : extract(dependency, ui);
    }
    schema.dependencies = dependencies;
  }

  for (const keyword of sameLevelLists) {
    const list = schema[keyword];
    if (Array.isArray(list)) schema[keyword] = list.map(branch => extract(branch, ui));
  }
  for (const keyword of sameLevelSchemas) {
    if (isObject(schema[keyword])) schema[keyword] = extract(schema[keyword], ui);
  }
  return schema;
}

/** The uiSchema under `key`, reusing one a sibling branch already started. */
function childNode(ui: UiNode, key: string): UiNode {
  const existing = ui[key];
  return isObject(existing) ? existing : {};
}

function keepIfUsed(ui: UiNode, key: string, child: UiNode): void {
  if (Object.keys(child).length > 0) ui[key] = child;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
