import { TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState, type ComponentType, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';

/** What the box with suggestions takes over from the plain one. */
export interface SearchBoxState {
  term: string;
  setTerm(term: string): void;
  /** Clears the box and opens `path`. */
  leave(path: string): void;
  /** Whether the plain box had the focus when the suggestions arrived. */
  focused: boolean;
}

/** Every kind, so a term typed here finds APIs and teams as well as components. */
function catalogSearchPath(term: string): string {
  return `/catalog?kind=all&text=${encodeURIComponent(term)}`;
}

let suggestions: Promise<ComponentType<SearchBoxState>> | undefined;
/** The box with suggestions, loaded once: on the first hover, focus or touch of the box. */
function loadSuggestions(): Promise<ComponentType<SearchBoxState>> {
  suggestions ??= import('./SearchSuggestions').then(module => module.SearchSuggestions);
  return suggestions;
}

/**
 * The header's search box, on every page: the catalog fills the shell's `header.search` slot
 * with it until a search plugin fills it instead. Until it is first used it is a plain input (the same
 * look, the same role and name), and Enter already lists every match in the catalog table; the
 * suggestions under it (Mantine's Combobox with its popover, some 25 kB) load on the first hover,
 * focus or touch and take over the term and the focus (ADR 0021).
 */
export function SearchBox() {
  const navigate = useNavigate();
  const [term, setTerm] = useState('');
  const [focused, setFocused] = useState(false);
  const [Suggestions, setSuggestions] = useState<ComponentType<SearchBoxState>>();

  const load = () => {
    if (Suggestions) return;
    // A failed load (a new deployment removed the chunk) leaves the plain box working.
    loadSuggestions().then(
      component => setSuggestions(() => component),
      () => (suggestions = undefined),
    );
  };
  const leave = (path: string) => {
    setTerm('');
    void navigate(path);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = term.trim();
    if (text) leave(catalogSearchPath(text));
  };

  return (
    <form role="search" onSubmit={onSubmit} style={{ flex: 1, maxWidth: 480, minWidth: 0 }}>
      {Suggestions ? (
        <Suggestions term={term} setTerm={setTerm} leave={leave} focused={focused} />
      ) : (
        <TextInput
          name="term"
          type="search"
          role="combobox"
          aria-expanded={false}
          aria-haspopup="listbox"
          value={term}
          onChange={event => setTerm(event.currentTarget.value)}
          onPointerEnter={load}
          onTouchStart={load}
          onFocus={() => {
            setFocused(true);
            load();
          }}
          onBlur={() => setFocused(false)}
          aria-label="Search"
          placeholder="Find an entity by name…"
          autoComplete="off"
          leftSection={<IconSearch size={16} stroke={1.75} aria-hidden />}
        />
      )}
    </form>
  );
}
