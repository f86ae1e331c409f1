import { TextInput } from '@mantine/core';
import type { FieldProps } from '@rjsf/utils';
import { fieldChrome } from './fieldChrome';

/**
 * `ui:field: EntityNamePicker`: the name of the entity to create. The catalog's name rule is
 * checked on Next (validators.ts), with a message that says what is allowed.
 */
export function EntityNamePickerField(props: FieldProps<string>) {
  const chrome = fieldChrome(props);
  return (
    <TextInput
      id={chrome.id}
      label={chrome.label}
      description={
        chrome.description ??
        'Letters, digits, "-", "_" and ".", starting and ending with a letter or digit; at most 63 characters.'
      }
      required={chrome.required}
      placeholder={chrome.placeholder}
      disabled={chrome.disabled}
      autoFocus={chrome.autoFocus}
      error={chrome.error}
      value={typeof props.formData === 'string' ? props.formData : ''}
      onChange={event =>
        props.onChange(event.currentTarget.value || undefined, props.fieldPathId.path)
      }
      autoComplete="off"
      spellCheck={false}
    />
  );
}
