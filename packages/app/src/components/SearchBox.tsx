import { TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';

/** The search page's path; the search plugin will own it. */
export const searchPath = '/search';

/** The header's search box: Enter opens `/search?term=<text>`. */
export function SearchBox() {
  const navigate = useNavigate();
  const location = useLocation();
  // On the search page the box shows the current term; `key` resets the input when it changes.
  const currentTerm =
    location.pathname === searchPath
      ? (new URLSearchParams(location.search).get('term') ?? '')
      : '';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const term = String(new FormData(event.currentTarget).get('term') ?? '').trim();
    if (term) {
      void navigate(`${searchPath}?term=${encodeURIComponent(term)}`);
    }
  };

  return (
    <form role="search" onSubmit={onSubmit} style={{ flex: 1, maxWidth: 480, minWidth: 0 }}>
      <TextInput
        key={currentTerm}
        name="term"
        type="search"
        defaultValue={currentTerm}
        aria-label="Search"
        placeholder="Search…"
        autoComplete="off"
        leftSection={<IconSearch size={16} stroke={1.75} aria-hidden />}
      />
    </form>
  );
}
