import type { FieldProps } from '@rjsf/utils';

/**
 * What every custom field shows around its input, read the way RJSF's own widgets read it: the
 * label (`ui:title`, the schema's title, else the property name), the description, `required`,
 * `ui:placeholder`, `ui:autofocus`, `ui:readonly`/`ui:disabled`, and the validation errors RJSF
 * collected for this field (shown in the input's error slot, next to the field).
 */
export interface FieldChrome {
  id: string;
  label: string;
  description?: string;
  required: boolean;
  placeholder?: string;
  disabled: boolean;
  autoFocus: boolean;
  error?: string;
  options: Record<string, unknown>;
}

export function fieldChrome(props: FieldProps): FieldChrome {
  const ui = (props.uiSchema ?? {}) as Record<string, unknown>;
  const options = isObject(ui['ui:options']) ? ui['ui:options'] : {};
  const pick = (key: string): unknown => ui[`ui:${key}`] ?? options[key];
  const title = pick('title') ?? props.schema.title;
  const description = pick('description') ?? props.schema.description;
  const placeholder = pick('placeholder');
  const errors = props.rawErrors?.filter(Boolean) ?? [];
  return {
    id: props.fieldPathId.$id,
    label: typeof title === 'string' && title ? title : props.name,
    description: typeof description === 'string' && description ? description : undefined,
    required: props.required === true,
    placeholder: typeof placeholder === 'string' ? placeholder : undefined,
    disabled: props.disabled === true || props.readonly === true || pick('readonly') === true,
    autoFocus: props.autofocus === true || pick('autofocus') === true,
    error: errors.length > 0 && !props.hideError ? errors.join(' ') : undefined,
    options,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
