import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import type { ParameterSchemaResponse } from '../../common';
import { splitUiSchema } from './splitUiSchema';

/** One page of the form, ready for RJSF. */
export interface WizardStep {
  title: string;
  description?: string;
  schema: RJSFSchema;
  uiSchema: UiSchema;
}

/**
 * The parameter schema's pages, with the `ui:*` keys split out. The page's own title and
 * description are the stepper's, so they leave the schema (RJSF would print them again).
 */
export function prepareSteps(response: ParameterSchemaResponse): WizardStep[] {
  return response.steps.map(step => {
    const { schema, uiSchema } = splitUiSchema(step.schema);
    const { title: _title, description: _description, ...rest } = schema;
    return {
      title: step.title,
      description:
        step.description ??
        (typeof schema.description === 'string' ? schema.description : undefined),
      schema: { type: 'object', ...rest },
      uiSchema,
    };
  });
}

/** Top-level properties whose value is a secret (`ui:field: Secret`): never in values' copies. */
export function secretFieldNames(steps: readonly WizardStep[]): Set<string> {
  const names = new Set<string>();
  for (const step of steps) {
    for (const [name, ui] of Object.entries(step.uiSchema)) {
      if (typeof ui === 'object' && ui !== null && (ui as UiSchema)['ui:field'] === 'Secret') {
        names.add(name);
      }
    }
  }
  return names;
}

/**
 * The values a form starts with: `?formData=<json>` (how "Start over" and a reload bring back
 * what was filled in), without secrets, whose masks would otherwise pass for values.
 */
export function readFormDataParam(
  params: URLSearchParams,
  secretNames: ReadonlySet<string>,
): Record<string, unknown> {
  const raw = params.get('formData');
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  return withoutSecrets(parsed as Record<string, unknown>, secretNames);
}

export function formDataParam(
  values: Record<string, unknown>,
  secretNames: ReadonlySet<string>,
): string {
  return JSON.stringify(withoutSecrets(values, secretNames));
}

function withoutSecrets(
  values: Record<string, unknown>,
  secretNames: ReadonlySet<string>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !secretNames.has(key)));
}
