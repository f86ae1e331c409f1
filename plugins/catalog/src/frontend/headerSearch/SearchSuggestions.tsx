import { Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Entity } from '@callboard/catalog-model';
import { catalogKeys, entityPagePath, queryEntities } from '../../common';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import type { SearchBoxState } from './SearchBox';
import { EntityKindBadge } from '@callboard/ui';

/** Suggestions shown under the box. */
const suggestionLimit = 8;
const debounceMs = 200;

/** Entities whose name or title contains the term; those starting with it first. */
async function findEntities(term: string, signal: AbortSignal): Promise<Entity[]> {
  const page = await queryEntities(
    {
      fullTextFilterTerm: term,
      fullTextFilterFields: ['metadata.name', 'metadata.title'],
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
      orderField: ['metadata.name,asc'],
      limit: suggestionLimit,
      // Counting every match of a short term in a large catalog costs more than the page.
      totalItems: 'exclude',
    },
    signal,
  );
  const lower = term.toLowerCase();
  const startsWith = (entity: Entity) =>
    entity.metadata.name.toLowerCase().startsWith(lower) ||
    Boolean(entity.metadata.title?.toLowerCase().startsWith(lower));
  // A stable sort of at most eight: prefix matches move up, the server's order stays otherwise.
  return [...page.items].sort((a, b) => Number(startsWith(b)) - Number(startsWith(a)));
}

/**
 * The search box with its suggestions: typing suggests catalog entities by name or title;
 * choosing one opens its page. Loaded when the box is first used (SearchBox), so the Combobox,
 * its popover and Floating UI stay out of every page's first download. It takes over the typed
 * term and the focus from the plain box it replaces.
 */
export function SearchSuggestions({ term, setTerm, leave, focused }: SearchBoxState) {
  const input = useRef<HTMLInputElement>(null);
  const [debouncedTerm] = useDebouncedValue(term.trim(), debounceMs);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const matches = useQuery({
    queryKey: catalogKeys.entities('header-search', debouncedTerm),
    queryFn: ({ signal }) => findEntities(debouncedTerm, signal),
    enabled: debouncedTerm !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  // Taking over from the plain box: the same focus, the caret after what was typed, the list open.
  useEffect(() => {
    const element = input.current;
    if (!element || !focused) return;
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
    if (element.value.trim()) combobox.openDropdown();
    // Once, on mount: later focus changes are the user's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const choose = (path: string) => {
    combobox.closeDropdown();
    leave(path);
  };
  const items = debouncedTerm && matches.data ? matches.data : [];
  const settled = debouncedTerm === term.trim() && !matches.isFetching;

  return (
    <Combobox store={combobox} onOptionSubmit={choose}>
      <Combobox.Target withExpandedAttribute>
        <TextInput
          ref={input}
          name="term"
          type="search"
          value={term}
          onChange={event => {
            setTerm(event.currentTarget.value);
            combobox.resetSelectedOption();
            if (event.currentTarget.value.trim()) combobox.openDropdown();
            else combobox.closeDropdown();
          }}
          onFocus={() => {
            if (term.trim()) combobox.openDropdown();
          }}
          onBlur={() => combobox.closeDropdown()}
          aria-label="Search"
          placeholder="Find an entity by name…"
          autoComplete="off"
          leftSection={<IconSearch size={16} stroke={1.75} aria-hidden />}
          rightSection={matches.isFetching ? <Loader size={14} aria-hidden /> : null}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!term.trim()}>
        <Combobox.Options aria-label="Matching entities">
          {items.map(entity => {
            const path = entityPagePath(entity);
            const namespace = entity.metadata.namespace;
            return (
              <Combobox.Option value={path} key={path}>
                <Group gap="xs" wrap="nowrap">
                  <EntityKindBadge kind={entity.kind} variant="light" />
                  <Text size="sm" truncate="end">
                    {namespace && namespace !== 'default' ? `${namespace}/` : ''}
                    {entity.metadata.name}
                    {entity.metadata.title && entity.metadata.title !== entity.metadata.name ? (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        · {entity.metadata.title}
                      </Text>
                    ) : null}
                  </Text>
                </Group>
              </Combobox.Option>
            );
          })}
          {matches.isError ? (
            <Combobox.Empty>Could not search the catalog: {matches.error.message}</Combobox.Empty>
          ) : items.length === 0 && settled ? (
            <Combobox.Empty>No entity name contains “{term.trim()}”.</Combobox.Empty>
          ) : null}
        </Combobox.Options>
        <Combobox.Footer>
          <Text size="xs" c="dimmed">
            Press Enter to list every match in the catalog
          </Text>
        </Combobox.Footer>
      </Combobox.Dropdown>
    </Combobox>
  );
}
