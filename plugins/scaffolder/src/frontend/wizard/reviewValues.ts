import type { RJSFSchema, UiSchema } from '@rjsf/utils';

/**
 * The review page: every value of the form, under its step, by the field's title, the way it was
 * chosen (an enum's label, Yes/No, a list). Secrets and password fields show as a mask; hidden
 * fields and those a template marks `ui:backstage: {review: {show: false}}` are left out.
 */
export interface ReviewStepInput {
  title: string;
  schema: RJSFSchema;
  uiSchema: UiSchema;
}

export interface ReviewEntry {
  /** Dot path of the value (`database.port`). */
  path: string;
  label: string;
  /** One line per item for lists; one element otherwise. */
  lines: string[];
  masked: boolean;
}

export interface ReviewSection {
  title: string;
  entries: ReviewEntry[];
}

export const secretMask = '****';

export function reviewSections(
  steps: readonly ReviewStepInput[],
  values: Record<string, unknown>,
): ReviewSection[] {
  const shown = new Set<string>();
  const sections = steps.map(step => {
    const entries: ReviewEntry[] = [];
    const properties = collectProperties(step.schema);
    for (const name of orderNames([...properties.keys()], step.uiSchema['ui:order'])) {
      if (shown.has(name) || values[name] === undefined) continue;
      shown.add(name);
      addEntries(
        entries,
        name,
        name,
        properties.get(name) ?? {},
        uiChild(step.uiSchema, name),
        values[name],
      );
    }
    return { title: step.title, entries };
  });
  const rest: ReviewEntry[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (shown.has(name) || value === undefined) continue;
    addEntries(rest, name, name, {}, {}, value);
  }
  if (rest.length > 0) sections.push({ title: 'Other values', entries: rest });
  return sections.filter(section => section.entries.length > 0);
}

function addEntries(
  entries: ReviewEntry[],
  path: string,
  name: string,
  schema: RJSFSchema,
  ui: UiSchema,
  value: unknown,
  parentLabel?: string,
): void {
  const review = reviewOptions(ui);
  if (ui['ui:widget'] === 'hidden' || review.show === false) return;
  const ownLabel = typeof schema.title === 'string' && schema.title ? schema.title : name;
  const label = parentLabel ? `${parentLabel} › ${ownLabel}` : ownLabel;
  const masked =
    ui['ui:field'] === 'Secret' || ui['ui:widget'] === 'password' || review.mask !== undefined;
  if (masked) {
    const mask = typeof review.mask === 'string' ? review.mask : secretMask;
    entries.push({ path, label, lines: [mask], masked: true });
    return;
  }
  if (isObject(value)) {
    const properties = collectProperties(schema);
    const names = orderNames(
      [...new Set([...properties.keys(), ...Object.keys(value)])],
      ui['ui:order'],
    );
    for (const childName of names) {
      if (value[childName] === undefined) continue;
      addEntries(
        entries,
        `${path}.${childName}`,
        childName,
        properties.get(childName) ?? {},
        uiChild(ui, childName),
        value[childName],
        label,
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    const itemSchema = isObject(schema.items) ? (schema.items as RJSFSchema) : {};
    const itemUi = isObject(ui.items) ? (ui.items as UiSchema) : {};
    const lines = value.map(item => formatScalar(item, itemSchema, itemUi));
    entries.push({ path, label, lines: lines.length > 0 ? lines : ['(none)'], masked: false });
    return;
  }
  entries.push({ path, label, lines: [formatScalar(value, schema, ui)], masked: false });
}

/** A single value as read: an enum's title where it has one, Yes/No, JSON for anything odd. */
export function formatScalar(value: unknown, schema: RJSFSchema, ui: UiSchema): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  const options = [...asList(schema.oneOf), ...asList(schema.anyOf)];
  for (const option of options) {
    if (isObject(option) && option.const === value && typeof option.title === 'string') {
      return option.title;
    }
  }
  const enumNames = ui['ui:enumNames'];
  if (Array.isArray(schema.enum) && Array.isArray(enumNames)) {
    const index = schema.enum.indexOf(value as never);
    const named = enumNames[index];
    if (index !== -1 && typeof named === 'string') return named;
  }
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/**
 * Every property a step's schema may have, in schema order: its own, then those that
 * `dependencies` and `oneOf`/`anyOf`/`allOf`/`if` branches add. The first definition with a
 * title gives the label.
 */
export function collectProperties(schema: unknown): Map<string, RJSFSchema> {
  const found = new Map<string, RJSFSchema>();
  const visit = (node: unknown, depth: number) => {
    if (!isObject(node) || depth > 8) return;
    if (isObject(node.properties)) {
      for (const [name, property] of Object.entries(node.properties)) {
        if (!isObject(property)) continue;
        const existing = found.get(name);
        if (!existing || (existing.title === undefined && property.title !== undefined)) {
          found.set(name, { ...existing, ...(property as RJSFSchema) });
        }
      }
    }
    if (isObject(node.dependencies)) {
      for (const dependency of Object.values(node.dependencies)) visit(dependency, depth + 1);
    }
    for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
      for (const branch of asList(node[keyword])) visit(branch, depth + 1);
    }
    for (const keyword of ['if', 'then', 'else'] as const) visit(node[keyword], depth + 1);
  };
  visit(schema, 0);
  return found;
}

/** RJSF's `ui:order`: listed names first, `*` standing for the rest in their own order. */
export function orderNames(names: string[], order: unknown): string[] {
  if (!Array.isArray(order)) return names;
  const listed = order.filter((name): name is string => typeof name === 'string');
  const rest = names.filter(name => !listed.includes(name));
  const result: string[] = [];
  let restPlaced = false;
  for (const name of listed) {
    if (name === '*') {
      result.push(...rest);
      restPlaced = true;
    } else if (names.includes(name)) {
      result.push(name);
    }
  }
  if (!restPlaced) result.push(...rest);
  return result;
}

function reviewOptions(ui: UiSchema): { show?: boolean; mask?: unknown } {
  const backstage = ui['ui:backstage'];
  if (!isObject(backstage) || !isObject(backstage.review)) return {};
  const review = backstage.review;
  return { show: typeof review.show === 'boolean' ? review.show : undefined, mask: review.mask };
}

function uiChild(ui: UiSchema, name: string): UiSchema {
  const child = ui[name];
  return isObject(child) ? (child as UiSchema) : {};
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
