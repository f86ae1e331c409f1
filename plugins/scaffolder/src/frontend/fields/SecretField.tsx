import { PasswordInput } from '@mantine/core';
import type { FieldProps, RJSFSchema } from '@rjsf/utils';
import { fieldChrome } from './fieldChrome';

/**
 * What the form passes its fields through RJSF's `formContext`: secrets live beside the values,
 * never in them, and are sent to the server as the task's `secrets`.
 */
export interface ScaffolderFormContext {
  secrets: Record<string, string>;
  setSecret: (name: string, value: string | undefined) => void;
}

/**
 * `ui:field: Secret`: typed into a password box and kept in the form's secrets under the
 * property's name. The value itself becomes asterisks of the same length, so `required` and
 * `minLength` still hold, and neither the review, the URL nor the task spec ever holds it.
 */
export function SecretField(props: FieldProps<string, RJSFSchema, ScaffolderFormContext>) {
  const chrome = fieldChrome(props);
  const context = props.registry.formContext;
  const secret = context.secrets[props.name] ?? '';
  return (
    <PasswordInput
      id={chrome.id}
      label={chrome.label}
      description={chrome.description}
      required={chrome.required}
      placeholder={chrome.placeholder}
      disabled={chrome.disabled}
      autoFocus={chrome.autoFocus}
      error={chrome.error}
      value={secret}
      onChange={event => {
        const next = event.currentTarget.value;
        context.setSecret(props.name, next || undefined);
        props.onChange(next ? '*'.repeat(next.length) : undefined, props.fieldPathId.path);
      }}
      autoComplete="off"
    />
  );
}
