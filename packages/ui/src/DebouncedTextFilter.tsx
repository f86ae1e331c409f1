import { TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';

/** Long enough to skip the keystrokes of a word, short enough to feel immediate. */
export const textFilterDebounceMs = 250;

/**
 * A text filter kept in the URL: typing updates the box at once and calls `onCommit` after a
 * pause (Enter commits at once). When the committed value changes under it (back/forward,
 * "Clear filters"), the box follows.
 */
export function DebouncedTextFilter(props: {
  value: string;
  onCommit: (text: string) => void;
  label: string;
  placeholder?: string;
  debounceMs?: number;
}) {
  const [draft, setDraft] = useState(props.value);
  const [committed, setCommitted] = useState(props.value);
  if (props.value !== committed) {
    // The URL moved on without us: show what it says now (React's "adjust state on prop change").
    setCommitted(props.value);
    setDraft(props.value);
  }
  const commit = useDebouncedCallback((text: string) => {
    setCommitted(text);
    props.onCommit(text);
  }, props.debounceMs ?? textFilterDebounceMs);

  return (
    <TextInput
      label={props.label}
      placeholder={props.placeholder}
      type="search"
      value={draft}
      onChange={event => {
        setDraft(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      onKeyDown={event => {
        if (event.key === 'Enter') commit.flush();
      }}
      leftSection={<IconSearch size={16} stroke={1.75} aria-hidden />}
      autoComplete="off"
    />
  );
}
