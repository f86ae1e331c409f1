import { Badge, Group, Loader, Paper, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { EntityKindBadge } from '@callboard/ui';
import { IconArrowRight, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import type { SearchResult } from '../common';
import { Highlighted } from './Highlighted';
import { searchQuery } from './queries';
import { documentText, groupResults, searchPagePath } from './results';

const debounceMs = 200;
/** Enough to fill the box's groups without a scroll on a laptop. */
const suggestionLimit = 10;

/** Whether a key press belongs to a field the user is typing in (then `/` is just a slash). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/**
 * The header's search box, filled by the search plugin (it takes the `header.search` slot from
 * the catalog's name box with a lower order): live results of every type as you type, grouped
 * by type, keyboard navigable. `/` or Ctrl-K focuses it; Enter opens the selected result, else
 * the best one; "See all results" opens the search page. A hand-made listbox rather than a
 * Combobox, so groups, the footer link and the focus shortcut share one active-option index.
 */
export function HeaderSearch() {
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const listboxId = useId();
  const [term, setTerm] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const narrow = useMediaQuery('(max-width: 36em)');
  const trimmed = term.trim();
  const [debouncedTerm] = useDebouncedValue(trimmed, debounceMs);
  const matches = useQuery({
    ...searchQuery('header', { term: debouncedTerm, pageLimit: suggestionLimit }),
    enabled: debouncedTerm !== '',
    placeholderData: keepPreviousData,
  });

  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      const shortcut =
        (event.key === 'k' && (event.ctrlKey || event.metaKey)) ||
        (event.key === '/' && !event.ctrlKey && !event.metaKey && !isTyping(event.target));
      if (!shortcut) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const results = debouncedTerm && matches.data ? matches.data.results : [];
  const groups = groupResults(results);
  // The keyboard walks the results in the order they are shown, then "See all results".
  const ordered = groups.flatMap(group => group.results);
  const optionCount = trimmed ? ordered.length + 1 : 0;
  const settled = debouncedTerm === trimmed && !matches.isFetching;
  const optionId = (index: number) => `${listboxId}-option-${index}`;

  const leave = (path: string) => {
    setOpen(false);
    setActive(-1);
    setTerm('');
    input.current?.blur();
    void navigate(path);
  };
  const openOption = (index: number) => {
    const result = ordered[index];
    leave(result ? result.document.location : searchPagePath(trimmed));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (optionCount === 0) return;
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      // Positions -1 (the input) .. optionCount - 1, cycling.
      setActive(current => ((current + 1 + step + optionCount + 1) % (optionCount + 1)) - 1);
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else {
        setTerm('');
      }
    }
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!trimmed) return;
    // The selected option, else the best result once results for this very term are in.
    if (active >= 0 && active < optionCount) openOption(active);
    else if (settled && ordered.length > 0) openOption(0);
    else leave(searchPagePath(trimmed));
  };
  // Walking past the last option (or above the first) returns to the input: index -1.
  const activeIndex = active >= optionCount ? -1 : active;
  const expanded = open && trimmed !== '';

  // Each group's first position in `ordered`, so an option knows its keyboard index.
  const groupStarts = groups.map((_, at) =>
    groups.slice(0, at).reduce((sum, group) => sum + group.results.length, 0),
  );
  const option = (result: SearchResult, own: number) => (
    <ResultOption
      key={`${result.type}:${result.document.location}`}
      id={optionId(own)}
      result={result}
      selected={own === activeIndex}
      onChoose={() => openOption(own)}
      onHover={() => setActive(own)}
    />
  );

  return (
    <form
      role="search"
      onSubmit={onSubmit}
      style={{ flex: 1, maxWidth: 560, minWidth: 0, position: 'relative' }}
    >
      <TextInput
        ref={input}
        name="term"
        type="search"
        role="combobox"
        aria-label="Search"
        aria-expanded={expanded}
        aria-controls={listboxId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && activeIndex >= 0 ? optionId(activeIndex) : undefined}
        placeholder="Search entities, docs and templates…"
        autoComplete="off"
        value={term}
        onChange={event => {
          setTerm(event.currentTarget.value);
          setActive(-1);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        leftSection={<IconSearch size={16} stroke={1.75} aria-hidden />}
        rightSection={
          matches.isFetching ? (
            <Loader size={14} aria-hidden />
          ) : trimmed ? null : (
            <Badge variant="default" size="sm" radius="sm" aria-hidden visibleFrom="sm">
              /
            </Badge>
          )
        }
      />
      <Paper
        withBorder
        shadow="md"
        radius="md"
        p={6}
        // Wider than the box on a phone, where the box shares the header with the logo.
        style={{
          // Not the `hidden` attribute: Paper's own display rule would override it.
          display: expanded ? undefined : 'none',
          position: narrow ? 'fixed' : 'absolute',
          top: narrow ? 'calc(var(--app-shell-header-height, 60px) - 4px)' : 'calc(100% + 6px)',
          left: narrow ? 8 : 0,
          right: narrow ? 8 : 0,
          zIndex: 300,
          maxHeight: '70vh',
          overflowY: 'auto',
        }}
        // Clicking inside keeps the focus in the box, so the list stays open until a choice.
        onMouseDown={event => event.preventDefault()}
      >
        <div role="listbox" id={listboxId} aria-label="Search results">
          {groups.map((group, at) => (
            <div role="group" aria-label={group.label} key={group.type}>
              <Text size="xs" fw={600} c="dimmed" tt="uppercase" px={8} pt={6} pb={2} aria-hidden>
                {group.label}
              </Text>
              {group.results.map((result, offset) =>
                option(result, (groupStarts[at] ?? 0) + offset),
              )}
            </div>
          ))}
          {matches.isError ? (
            <Text size="sm" c="var(--mantine-color-error)" p={8} role="alert">
              Could not search: {matches.error.message}
            </Text>
          ) : ordered.length === 0 && settled && debouncedTerm ? (
            <Text size="sm" c="dimmed" p={8}>
              Nothing matches “{trimmed}”.
            </Text>
          ) : null}
          <UnstyledButton
            role="option"
            id={optionId(ordered.length)}
            aria-selected={activeIndex === ordered.length}
            tabIndex={-1}
            onClick={() => openOption(ordered.length)}
            onMouseEnter={() => setActive(ordered.length)}
            w="100%"
            px={8}
            py={6}
            mt={4}
            style={{
              borderRadius: 'var(--mantine-radius-sm)',
              borderTop: '1px solid var(--mantine-color-default-border)',
              background:
                activeIndex === ordered.length ? 'var(--mantine-color-default-hover)' : undefined,
            }}
          >
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={500} c="var(--mantine-primary-color-text)">
                See all results
              </Text>
              <IconArrowRight size={14} aria-hidden />
            </Group>
          </UnstyledButton>
        </div>
      </Paper>
    </form>
  );
}

function ResultOption(props: {
  id: string;
  result: SearchResult;
  selected: boolean;
  onChoose: () => void;
  onHover: () => void;
}) {
  const { result } = props;
  const { preTag, postTag, fields } = result.highlight;
  const owner = result.document.owner;
  const site = documentText(result, 'siteTitle');
  return (
    <UnstyledButton
      role="option"
      id={props.id}
      aria-selected={props.selected}
      tabIndex={-1}
      onClick={props.onChoose}
      onMouseEnter={props.onHover}
      w="100%"
      px={8}
      py={6}
      style={{
        display: 'block',
        borderRadius: 'var(--mantine-radius-sm)',
        background: props.selected ? 'var(--mantine-color-default-hover)' : undefined,
      }}
    >
      <Stack gap={2}>
        <Group gap="xs" wrap="nowrap">
          {result.type === 'software-catalog' && result.document.kind ? (
            <EntityKindBadge kind={result.document.kind} variant="light" />
          ) : null}
          <Text size="sm" fw={500} truncate="end">
            <Highlighted text={fields.title} preTag={preTag} postTag={postTag} />
          </Text>
          {owner && result.type !== 'techdocs' ? (
            <Text size="xs" c="dimmed" truncate="end" style={{ flex: 'none', maxWidth: '40%' }}>
              {owner}
            </Text>
          ) : null}
        </Group>
        {result.type === 'techdocs' ? (
          <>
            {site ? (
              <Text size="xs" c="dimmed" truncate="end">
                {site}
              </Text>
            ) : null}
            <Text size="xs" lineClamp={2}>
              <Highlighted text={fields.text} preTag={preTag} postTag={postTag} />
            </Text>
          </>
        ) : null}
      </Stack>
    </UnstyledButton>
  );
}
