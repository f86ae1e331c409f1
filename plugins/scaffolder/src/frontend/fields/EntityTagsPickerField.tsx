import { Group, TagsInput, Text } from '@mantine/core';
import type { FieldProps } from '@rjsf/utils';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { tagFacetsQuery } from '../api/queries';
import { fieldChrome } from './fieldChrome';
import { tagProblems } from './validators';

/**
 * `ui:field: EntityTagsPicker`: a list of tags, suggested from the tags entities already carry
 * (of `ui:options.kinds`, when given). A tag that breaks the catalog's rule is flagged as soon
 * as it is entered, not only on Next.
 */
export function EntityTagsPickerField(props: FieldProps<string[]>) {
  const chrome = fieldChrome(props);
  const kinds = Array.isArray(chrome.options.kinds)
    ? chrome.options.kinds.filter((kind): kind is string => typeof kind === 'string')
    : undefined;
  const showCounts = chrome.options.showCounts === true;
  const helperText =
    typeof chrome.options.helperText === 'string' ? chrome.options.helperText : undefined;
  const [wanted, setWanted] = useState(false);
  const facets = useQuery({ ...tagFacetsQuery(kinds), enabled: wanted });
  const counts = new Map((facets.data ?? []).map(item => [item.value, item.count]));
  const value = Array.isArray(props.formData)
    ? props.formData.filter((tag): tag is string => typeof tag === 'string')
    : [];
  const problems = tagProblems(value);
  return (
    <TagsInput
      id={chrome.id}
      label={chrome.label}
      description={
        chrome.description ??
        helperText ??
        'Press Enter or comma after each tag. Lower-case letters, digits, ":", "+" and "#", joined by single dashes.'
      }
      required={chrome.required}
      placeholder={value.length > 0 ? undefined : (chrome.placeholder ?? 'Add a tag')}
      disabled={chrome.disabled}
      autoFocus={chrome.autoFocus}
      error={problems[0] ?? chrome.error}
      data={(facets.data ?? []).map(item => item.value)}
      value={value}
      onChange={tags => props.onChange(tags.length > 0 ? tags : undefined, props.fieldPathId.path)}
      onFocus={() => setWanted(true)}
      splitChars={[',', ' ']}
      clearable
      acceptValueOnBlur
      renderOption={({ option }) => (
        <Group justify="space-between" wrap="nowrap" gap="sm" w="100%">
          <Text size="sm">{option.value}</Text>
          {showCounts ? (
            <Text size="xs" c="dimmed">
              {counts.get(option.value) ?? 0}
            </Text>
          ) : null}
        </Group>
      )}
      maxDropdownHeight={260}
    />
  );
}
