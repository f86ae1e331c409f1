import { Loader, MultiSelect, Select, Stack, Text } from '@mantine/core';
import type { FieldProps } from '@rjsf/utils';
import { useState } from 'react';
import { fieldChrome } from './fieldChrome';
import { useEntityChoices, type ChoiceDetails } from './useEntityChoices';

/**
 * The entity pickers. Values are full, lower-case refs (`group:default/team-a`), the form the
 * catalog and `parseEntityRef` read without any defaults. Options come from the catalog,
 * filtered by `ui:options.catalogFilter` (or the deprecated `allowedKinds`) and searched on the
 * server as the user types.
 */

const ownerKinds = ['Group', 'User'] as const;

/** `ui:field: EntityPicker`: one entity, any kind unless the template narrows it. */
export function EntityPickerField(props: FieldProps<string>) {
  return <SingleEntityPicker field={props} />;
}

/** `ui:field: OwnerPicker`: a group or user, a group when a bare name is typed. */
export function OwnerPickerField(props: FieldProps<string>) {
  return <SingleEntityPicker field={props} defaultKinds={ownerKinds} fallbackKind="Group" />;
}

function SingleEntityPicker(props: {
  field: FieldProps<string>;
  defaultKinds?: readonly string[];
  fallbackKind?: string;
}) {
  const { field } = props;
  const chrome = fieldChrome(field);
  const value = typeof field.formData === 'string' && field.formData ? field.formData : null;
  const [search, setSearch] = useState('');
  const choices = useEntityChoices({
    options: chrome.options,
    defaultKinds: props.defaultKinds,
    fallbackKind: props.fallbackKind,
    selected: value ? [value] : [],
    search,
  });
  return (
    <Select
      id={chrome.id}
      label={chrome.label}
      description={chrome.description}
      required={chrome.required}
      placeholder={chrome.placeholder ?? 'Search the catalog'}
      disabled={chrome.disabled}
      autoFocus={chrome.autoFocus}
      error={pickerError(chrome.error, choices)}
      data={choices.data}
      value={value}
      onChange={next => field.onChange(next ?? undefined, field.fieldPathId.path)}
      searchable
      // Focus alone (Next focusing the first error) must not pop the list over the page.
      openOnFocus={false}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already filtered by what was typed.
      filter={({ options }) => options}
      clearable={!chrome.required}
      nothingFoundMessage={choices.nothingFound}
      onFocus={choices.activate}
      onDropdownOpen={choices.activate}
      rightSection={choices.loading ? <Loader size={14} aria-hidden /> : undefined}
      renderOption={({ option }) => (
        <ChoiceLabel label={option.label} details={choices.details.get(option.value)} />
      )}
      maxDropdownHeight={320}
    />
  );
}

/** `ui:field: MultiEntityPicker`: several entities, stored as a list of refs. */
export function MultiEntityPickerField(props: FieldProps<string[]>) {
  const chrome = fieldChrome(props);
  const value = Array.isArray(props.formData)
    ? props.formData.filter((item): item is string => typeof item === 'string')
    : [];
  const [search, setSearch] = useState('');
  const choices = useEntityChoices({ options: chrome.options, selected: value, search });
  return (
    <MultiSelect
      id={chrome.id}
      label={chrome.label}
      description={chrome.description}
      required={chrome.required}
      placeholder={value.length > 0 ? undefined : (chrome.placeholder ?? 'Search the catalog')}
      disabled={chrome.disabled}
      autoFocus={chrome.autoFocus}
      error={pickerError(chrome.error, choices)}
      data={choices.data}
      value={value}
      onChange={next => props.onChange(next.length > 0 ? next : undefined, props.fieldPathId.path)}
      searchable
      // Focus alone (Next focusing the first error) must not pop the list over the page.
      openOnFocus={false}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      clearable
      nothingFoundMessage={choices.nothingFound}
      onFocus={choices.activate}
      onDropdownOpen={choices.activate}
      rightSection={choices.loading ? <Loader size={14} aria-hidden /> : undefined}
      renderOption={({ option }) => (
        <ChoiceLabel label={option.label} details={choices.details.get(option.value)} />
      )}
      maxDropdownHeight={320}
      styles={{ inputField: { minWidth: 64 } }}
    />
  );
}

function ChoiceLabel(props: { label: string; details?: ChoiceDetails }) {
  return (
    <Stack gap={0}>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {props.label}
      </Text>
      {props.details?.title || props.details?.kind ? (
        <Text size="xs" c="dimmed">
          {[props.details.title, props.details.kind].filter(Boolean).join(' · ')}
        </Text>
      ) : null}
    </Stack>
  );
}

/** The template's mistake first (a bad filter), then validation, then a failed search. */
function pickerError(
  validation: string | undefined,
  choices: { configError?: string; searchError?: Error },
): string | undefined {
  if (choices.configError) return `This template's picker is misconfigured: ${choices.configError}`;
  if (validation) return validation;
  if (choices.searchError) return `Could not search the catalog: ${choices.searchError.message}`;
  return undefined;
}
