import { Group, Loader, MultiSelect, SimpleGrid, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { humanizeEntityRef } from '../../common';
import { catalogPredicate } from './catalogQuery';
import { firstPage, type CatalogState } from './catalogSearchParams';
import { filters, kindView, type FilterId } from './catalogViews';
import { facetsQuery } from './queries';
import { DebouncedTextFilter } from '@callboard/ui';

/** Long enough to let a word be typed, short enough to feel live. */
const textDebounceMs = 300;

const numberFormat = new Intl.NumberFormat('en-US');

/**
 * The text filter and one multi-select per filter of the kind. Each select offers the values the
 * catalog holds under the other filters, with counts, so a choice never leads to an empty table.
 */
export function CatalogFilters(props: {
  state: CatalogState;
  onChange: (state: CatalogState, options?: { replace?: boolean }) => void;
}) {
  const { state, onChange } = props;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3, lg: 4 }} spacing="sm" verticalSpacing="sm">
      <DebouncedTextFilter
        label="Filter by text"
        placeholder="Name, title or description"
        debounceMs={textDebounceMs}
        value={state.text}
        // One history entry per search: starting one pushes, refining it replaces.
        onCommit={text => onChange(firstPage({ ...state, text }), { replace: state.text !== '' })}
      />
      {kindView(state.kind).filters.map(id => (
        <FacetFilter
          key={id}
          id={id}
          state={state}
          onChange={values =>
            onChange(firstPage({ ...state, filters: { ...state.filters, [id]: values } }))
          }
        />
      ))}
    </SimpleGrid>
  );
}

/**
 * A filter's values are counted only once someone reaches for it (focus or open): on a large
 * catalog each count is a scan, and most visits never open most filters. From then on they
 * follow the other filters.
 */
function FacetFilter(props: {
  id: FilterId;
  state: CatalogState;
  onChange: (values: string[]) => void;
}) {
  const [wanted, setWanted] = useState(false);
  const facet = useQuery({
    ...facetsQuery([filters[props.id].field], catalogPredicate(props.state, { without: props.id })),
    enabled: wanted,
  });
  const selected = props.state.filters[props.id];
  const definition = filters[props.id];
  const label = (value: string) =>
    definition.format === 'entityRef' ? safeHumanize(value) : value;
  // A value from a shared link may no longer exist; it still shows (with 0) so it can be removed.
  const values = facet.data?.[definition.field];
  const counts = new Map((values ?? []).map(item => [item.value, item.count]));
  for (const value of selected) if (!counts.has(value)) counts.set(value, 0);
  const data = [...counts].map(([value, count]) => ({
    value,
    label: label(value),
    count,
  }));
  const countOf = new Map(data.map(item => [item.value, item.count]));

  return (
    <MultiSelect
      label={definition.label}
      placeholder={selected.length > 0 ? undefined : 'Any'}
      data={data.map(({ value, label }) => ({ value, label }))}
      value={selected}
      onChange={props.onChange}
      onFocus={() => setWanted(true)}
      onMouseEnter={() => setWanted(true)}
      onDropdownOpen={() => setWanted(true)}
      searchable
      clearable
      nothingFoundMessage={
        facet.isPending
          ? 'Counting values…'
          : values?.length === 0
            ? `No ${definition.label.toLowerCase()} among these entities`
            : 'No such value'
      }
      rightSection={facet.isFetching ? <Loader size={14} aria-hidden /> : undefined}
      error={facet.isError ? `Could not load the choices: ${facet.error.message}` : undefined}
      renderOption={({ option }) => (
        <Group justify="space-between" wrap="nowrap" gap="sm" w="100%">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {option.label}
          </Text>
          <Text size="xs" c="dimmed">
            {numberFormat.format(countOf.get(option.value) ?? 0)}
          </Text>
        </Group>
      )}
      // Mantine's 100px minimum for the search field pushes it under a single pill.
      styles={{ inputField: { minWidth: 48 } }}
      maxDropdownHeight={280}
    />
  );
}

function safeHumanize(ref: string): string {
  try {
    return humanizeEntityRef(ref, { defaultKind: 'group' });
  } catch {
    return ref;
  }
}
