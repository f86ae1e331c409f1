import {
  Anchor,
  Button,
  Chip,
  CloseButton,
  Group,
  Paper,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import {
  DebouncedTextFilter,
  EmptyState,
  EntityKindBadge,
  LoadingLines,
  PageHeader,
  QueryError,
} from '@callboard/ui';
import { IconChevronLeft, IconChevronRight, IconSearchOff } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { searchDocumentTypes, type SearchResult } from '../common';
import { Highlighted } from './Highlighted';
import { searchQuery } from './queries';
import { documentText, typeLabels } from './results';
import {
  filterCount,
  kindChoices,
  lifecycleChoices,
  readSearchParams,
  requestOf,
  writeSearchParams,
  type SearchPageState,
} from './searchParams';

const pageLimit = 20;

/**
 * `/search?query=…`: every result of a term, ranked, with highlighted snippets; filters by type,
 * kind and lifecycle as chips (the query API has no facet counts); pages through the server's
 * cursors. Everything that decides the results is in the URL, so a search can be shared.
 */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const state = readSearchParams(params);
  // The cursors of the pages before this one: the API pages forwards only.
  const [previous, setPrevious] = useState<Array<string | undefined>>([]);
  const results = useQuery({
    ...searchQuery('page', requestOf(state, pageLimit)),
    placeholderData: keepPreviousData,
  });

  /** A new query or filter starts again at the first page. */
  const update = (change: Partial<SearchPageState>) => {
    setPrevious([]);
    setParams(writeSearchParams({ ...state, ...change, cursor: undefined }));
  };
  const goTo = (cursor: string | undefined, history: Array<string | undefined>) => {
    setPrevious(history);
    setParams(writeSearchParams({ ...state, cursor }));
    window.scrollTo({ top: 0 });
  };
  const set = results.data;
  const pageNumber = previous.length + (state.cursor && previous.length === 0 ? 1 : 0);

  return (
    <Stack gap="lg" maw={960}>
      <PageHeader
        title="Search"
        documentTitle={state.query ? [state.query, 'Search'] : ['Search']}
        description="Entities, documentation pages and templates, best matches first."
      />
      <Stack gap="sm">
        <DebouncedTextFilter
          label="Search term"
          placeholder='payments, "card payments", invoices -refunds'
          value={state.query}
          onCommit={query => update({ query })}
        />
        <FilterChips
          label="Type"
          values={state.types}
          onChange={types => update({ types: types as SearchPageState['types'] })}
        >
          {searchDocumentTypes.map(type => (
            <Chip key={type} value={type} size="xs">
              {typeLabels[type]}
            </Chip>
          ))}
        </FilterChips>
        <FilterChips label="Kind" values={state.kinds} onChange={kinds => update({ kinds })}>
          {kindChoices.map(kind => (
            <Chip key={kind} value={kind} size="xs">
              {kind}
            </Chip>
          ))}
        </FilterChips>
        <FilterChips
          label="Lifecycle"
          values={state.lifecycles}
          onChange={lifecycles => update({ lifecycles })}
        >
          {lifecycleChoices.map(lifecycle => (
            <Chip key={lifecycle} value={lifecycle} size="xs">
              {lifecycle}
            </Chip>
          ))}
        </FilterChips>
      </Stack>

      {results.isPending ? (
        <LoadingLines label="Searching" rows={8} />
      ) : results.isError ? (
        <QueryError
          title="Could not search"
          error={results.error}
          retrying={results.isFetching}
          retry={() => void results.refetch()}
        />
      ) : set && set.results.length === 0 ? (
        <NoResults state={state} update={update} />
      ) : set ? (
        <Stack gap="sm" aria-busy={results.isFetching}>
          <Text size="sm" c="dimmed" role="status">
            {summary(set.numberOfResults, pageNumber, set.results.length, state.query)}
          </Text>
          <Stack
            component="ol"
            gap="sm"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            aria-label="Results"
          >
            {set.results.map(result => (
              <ResultItem key={`${result.type}:${result.document.location}`} result={result} />
            ))}
          </Stack>
          <Group justify="space-between" component="nav" aria-label="Result pages">
            <Button
              variant="default"
              leftSection={<IconChevronLeft size={16} aria-hidden />}
              disabled={!state.cursor}
              onClick={() => goTo(previous.at(-1), previous.slice(0, -1))}
            >
              Previous
            </Button>
            <Button
              variant="default"
              rightSection={<IconChevronRight size={16} aria-hidden />}
              disabled={!set.nextPageCursor}
              onClick={() => goTo(set.nextPageCursor, [...previous, state.cursor])}
            >
              Next
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}

/** "Results 21–40 of 57 for “vault”", or the recent documents when there is no term. */
function summary(total: number, page: number, shown: number, query: string): string {
  const first = page * pageLimit + 1;
  const range = `${first.toLocaleString('en')}–${(first + shown - 1).toLocaleString('en')}`;
  const of = `${range} of ${total.toLocaleString('en')}`;
  return query.trim() ? `Results ${of} for “${query.trim()}”` : `Recently changed: ${of}`;
}

function FilterChips(props: {
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  children: ReactNode;
}) {
  return (
    <Group gap="xs" role="group" aria-label={props.label} align="center">
      <Text size="sm" fw={500} w={72} aria-hidden>
        {props.label}
      </Text>
      <Chip.Group multiple value={props.values} onChange={props.onChange}>
        <Group gap={6}>{props.children}</Group>
      </Chip.Group>
    </Group>
  );
}

/** Nothing matched: name the filters in the way, each with a button that removes it. */
function NoResults(props: {
  state: SearchPageState;
  update: (change: Partial<SearchPageState>) => void;
}) {
  const { state, update } = props;
  const without = <T,>(values: T[], value: T) => values.filter(item => item !== value);
  const removable = [
    ...state.types.map(type => ({
      label: `Type: ${typeLabels[type]}`,
      remove: () => update({ types: without(state.types, type) }),
    })),
    ...state.kinds.map(kind => ({
      label: `Kind: ${kind}`,
      remove: () => update({ kinds: without(state.kinds, kind) }),
    })),
    ...state.lifecycles.map(lifecycle => ({
      label: `Lifecycle: ${lifecycle}`,
      remove: () => update({ lifecycles: without(state.lifecycles, lifecycle) }),
    })),
  ];
  const term = state.query.trim();
  return (
    <Paper withBorder p="lg" radius="md">
      <EmptyState
        icon={<IconSearchOff size={20} stroke={1.5} />}
        action={
          removable.length > 0 ? (
            <Group gap="xs">
              {removable.map(filter => (
                <Button
                  key={filter.label}
                  size="xs"
                  variant="light"
                  rightSection={<CloseButton component="span" size="xs" aria-hidden />}
                  onClick={filter.remove}
                >
                  <VisuallyHidden>Remove filter </VisuallyHidden>
                  {filter.label}
                </Button>
              ))}
              {removable.length > 1 ? (
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => update({ types: [], kinds: [], lifecycles: [] })}
                >
                  Clear all filters
                </Button>
              ) : null}
            </Group>
          ) : null
        }
      >
        {term ? `Nothing matches “${term}”` : 'Nothing to show'}
        {filterCount(state) > 0
          ? ' with these filters. Remove a filter to widen the search.'
          : '. Try fewer or other words, or a word’s beginning.'}
      </EmptyState>
    </Paper>
  );
}

function ResultItem(props: { result: SearchResult }) {
  const { result } = props;
  const { preTag, postTag, fields } = result.highlight;
  const { kind, owner, lifecycle } = result.document;
  const site = documentText(result, 'siteTitle');
  const details = [
    result.type === 'techdocs' ? site : undefined,
    owner ? `owner ${owner}` : undefined,
    lifecycle,
  ].filter(Boolean);
  return (
    <Paper component="li" withBorder radius="md" p="md">
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap" align="center">
          {result.type === 'software-catalog' && kind ? (
            <EntityKindBadge kind={kind} variant="light" />
          ) : (
            <Text span size="xs" c="dimmed" fw={600} tt="uppercase" style={{ flex: 'none' }}>
              {result.type === 'techdocs' ? 'Docs' : 'Template'}
            </Text>
          )}
          <Anchor
            component={Link}
            to={result.document.location}
            fw={600}
            style={{ minWidth: 0, overflowWrap: 'anywhere' }}
          >
            <Highlighted text={fields.title} preTag={preTag} postTag={postTag} />
          </Anchor>
        </Group>
        {fields.text ? (
          <Text size="sm" lineClamp={3} style={{ overflowWrap: 'anywhere' }}>
            <Highlighted text={fields.text} preTag={preTag} postTag={postTag} />
          </Text>
        ) : null}
        {details.length > 0 ? (
          <Text size="xs" c="dimmed">
            {details.join(' · ')}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
