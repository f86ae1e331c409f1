import { Group, MultiSelect, Select, SimpleGrid, Text } from '@mantine/core';
import { humanizeEntityRef } from '@callboard/plugin-catalog/common';
import type { GalleryChoice, GalleryState } from './templateGallery';
import { DebouncedTextFilter } from '@callboard/ui';

/** Text, tags and owner; each change lands in the URL. */
export function TemplateFilters(props: {
  state: GalleryState;
  tags: GalleryChoice[];
  owners: GalleryChoice[];
  onChange: (state: GalleryState, options?: { replace?: boolean }) => void;
}) {
  const { state, onChange } = props;
  // A value from a shared link that no template has any more still shows, so it can be removed.
  const tagData = withSelected(props.tags, state.tags);
  const ownerData = withSelected(props.owners, state.owner ? [state.owner] : []);
  const counts = new Map([...tagData, ...ownerData].map(item => [item.value, item.count]));
  const renderOption = ({ option }: { option: { value: string; label: string } }) => (
    <Group justify="space-between" wrap="nowrap" gap="sm" w="100%">
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {option.label}
      </Text>
      <Text size="xs" c="dimmed">
        {counts.get(option.value) ?? 0}
      </Text>
    </Group>
  );
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
      <DebouncedTextFilter
        label="Filter by text"
        placeholder="Title, description, type or tag"
        value={state.text}
        onCommit={text => onChange({ ...state, text }, { replace: state.text !== '' })}
      />
      <MultiSelect
        label="Tags"
        placeholder={state.tags.length > 0 ? undefined : 'Any'}
        data={tagData.map(item => item.value)}
        value={state.tags}
        onChange={tags => onChange({ ...state, tags })}
        searchable
        clearable
        nothingFoundMessage="No such tag"
        renderOption={renderOption}
        styles={{ inputField: { minWidth: 48 } }}
      />
      <Select
        label="Owner"
        placeholder="Any"
        data={ownerData.map(item => ({
          value: item.value,
          label: humanizeEntityRef(item.value, { defaultKind: 'group' }),
        }))}
        value={state.owner ?? null}
        onChange={owner => onChange({ ...state, owner: owner ?? undefined })}
        searchable
        clearable
        nothingFoundMessage="No such owner"
        renderOption={renderOption}
      />
    </SimpleGrid>
  );
}

function withSelected(choices: GalleryChoice[], selected: string[]): GalleryChoice[] {
  const missing = selected.filter(value => !choices.some(choice => choice.value === value));
  return [...choices, ...missing.map(value => ({ value, count: 0 }))];
}
