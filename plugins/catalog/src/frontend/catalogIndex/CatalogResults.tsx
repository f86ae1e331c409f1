import {
  Alert,
  Button,
  EmptyState,
  Group,
  Loader,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconFileImport, IconFilterOff, IconListSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { countRequest, pageRequest } from './catalogQuery';
import {
  clearFilters,
  firstPage,
  hasActiveFilters,
  sortField,
  type CatalogState,
} from './catalogSearchParams';
import { alwaysPresentSortFields, columns, kindView, type ColumnId } from './catalogViews';
import { EntityTable } from './EntityTable';
import { PageControls } from './PageControls';
import { entitiesCountQuery, entitiesPageQuery } from './queries';
import { QueryError } from '@callboard/ui';

const numberFormat = new Intl.NumberFormat('en-US');

/** The table with its summary line, paging, and loading, empty and error states. */
export function CatalogResults(props: {
  state: CatalogState;
  onChange: (state: CatalogState) => void;
}) {
  const { state, onChange } = props;
  const view = kindView(state.kind);
  const page = useQuery(entitiesPageQuery(pageRequest(state)));
  // Sorting by a field leaves out entities without it (Backstage's rule); count them to say so.
  const sortLeavesOut = !alwaysPresentSortFields.has(sortField(state));
  const unsortedCount = useQuery({
    ...entitiesCountQuery(countRequest(state)),
    enabled: sortLeavesOut,
  });

  const onSort = (column: ColumnId) =>
    onChange(
      firstPage({
        ...state,
        sort: column,
        direction: state.sort === column && state.direction === 'asc' ? 'desc' : 'asc',
      }),
    );
  const sort = { column: state.sort, direction: state.direction };
  const filtered = hasActiveFilters(state);

  if (page.isError && !page.data) {
    return (
      <LoadError
        error={page.error}
        retrying={page.isFetching}
        retry={() => void page.refetch()}
        onFirstPage={state.cursor ? () => onChange(firstPage(state)) : undefined}
      />
    );
  }

  if (!page.data) {
    return (
      <Stack gap="sm">
        <Text size="sm" c="dimmed" role="status">
          Loading {view.plural}…
        </Text>
        <EntityTable
          label={capitalize(view.plural)}
          columns={view.columns}
          sort={sort}
          onSort={onSort}
          skeletonRows={Math.min(state.pageSize, 20)}
        />
      </Stack>
    );
  }

  const { items, totalItems, pageInfo } = page.data;
  // Without a previous cursor this is the first page, whatever the URL claimed.
  const from = pageInfo.prevCursor ? state.from : 0;
  const busy = page.isPlaceholderData;
  const leftOut =
    sortLeavesOut && unsortedCount.data !== undefined ? unsortedCount.data - totalItems : 0;
  const sortByName = () => onChange(firstPage({ ...state, sort: 'name', direction: 'asc' }));

  if (totalItems === 0 && items.length === 0) {
    return (
      <Stack gap="sm">
        <VisuallyHidden role="status">No {view.plural} found</VisuallyHidden>
        {leftOut > 0 ? (
          <NoRows
            title={`No ${view.plural} to sort by ${columns[state.sort].label.toLowerCase()}`}
            description={`All ${numberFormat.format(leftOut)} ${leftOut === 1 ? view.singular : view.plural} here are ${columns[state.sort].missing}, and sorting by a field leaves out entities without it.`}
            action={
              <Button variant="default" onClick={sortByName}>
                Sort by name
              </Button>
            }
          />
        ) : filtered ? (
          <NoRows
            title={`No ${view.plural} match these filters`}
            description="Remove a filter or change the text to see more."
            action={
              <Button
                variant="default"
                leftSection={<IconFilterOff size={16} aria-hidden />}
                onClick={() => onChange(clearFilters(state))}
              >
                Clear filters
              </Button>
            }
          />
        ) : (
          <NoRows
            title={`No ${view.plural} in the catalog yet`}
            description="Entities come from catalog-info.yaml files in repositories. Register one, and what it describes appears here."
            action={
              <Button
                component={Link}
                to="/catalog-import"
                leftSection={<IconFileImport size={16} aria-hidden />}
              >
                Register a repository
              </Button>
            }
          />
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm" mih={28}>
        <Text size="sm" role="status" aria-live="polite">
          {busy ? (
            // The rows on screen are the previous page's; their numbers would mislead.
            <Text span inherit c="dimmed">
              Loading {view.plural}…
            </Text>
          ) : (
            <>
              Showing{' '}
              <b>
                {numberFormat.format(from + 1)}–{numberFormat.format(from + items.length)}
              </b>{' '}
              of <b>{numberFormat.format(totalItems)}</b>{' '}
              {totalItems === 1 ? view.singular : view.plural}
            </>
          )}
        </Text>
        <Group gap="xs">
          {page.isFetching ? <Loader size="xs" aria-hidden /> : null}
          {page.isError ? (
            <Text size="sm" c="var(--mantine-color-error)" role="alert">
              Could not load the next rows: {page.error.message}
            </Text>
          ) : null}
          {filtered ? (
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconFilterOff size={14} aria-hidden />}
              onClick={() => onChange(clearFilters(state))}
            >
              Clear filters
            </Button>
          ) : null}
        </Group>
      </Group>
      {leftOut > 0 ? (
        <Alert variant="light" color="blue" py="xs">
          <Group gap="sm" justify="space-between">
            <Text size="sm">
              Sorted by {columns[state.sort].label.toLowerCase()}: {numberFormat.format(leftOut)}{' '}
              {leftOut === 1 ? view.singular : view.plural} {columns[state.sort].missing} are not
              listed.
            </Text>
            <Button size="compact-sm" variant="default" onClick={sortByName}>
              Sort by name to see all
            </Button>
          </Group>
        </Alert>
      ) : null}
      <EntityTable
        label={capitalize(view.plural)}
        columns={view.columns}
        sort={sort}
        onSort={onSort}
        entities={items}
        busy={busy}
      />
      <PageControls
        pageSize={state.pageSize}
        onPageSize={pageSize => onChange(firstPage({ ...state, pageSize }))}
        onFirst={from > 0 && !busy ? () => onChange(firstPage(state)) : undefined}
        onPrevious={
          pageInfo.prevCursor && !busy
            ? () => {
                const previousFrom = Math.max(0, from - state.pageSize);
                onChange(
                  previousFrom === 0
                    ? firstPage(state)
                    : { ...state, cursor: pageInfo.prevCursor, from: previousFrom },
                );
              }
            : undefined
        }
        onNext={
          pageInfo.nextCursor && !busy
            ? () => onChange({ ...state, cursor: pageInfo.nextCursor, from: from + items.length })
            : undefined
        }
      />
    </Stack>
  );
}

/** Why there are no rows, and the one thing to do about it. */
function NoRows(props: { title: string; description: string; action: ReactNode }) {
  return (
    <EmptyState icon={<IconListSearch size={24} stroke={1.5} aria-hidden />} py="xl">
      <EmptyState.Title order={2}>{props.title}</EmptyState.Title>
      <EmptyState.Description>{props.description}</EmptyState.Description>
      <EmptyState.Actions>{props.action}</EmptyState.Actions>
    </EmptyState>
  );
}

function LoadError(props: {
  error: Error;
  retrying: boolean;
  retry: () => void;
  onFirstPage?: () => void;
}) {
  return (
    <QueryError
      title="Could not load the catalog"
      error={props.error}
      retrying={props.retrying}
      retry={props.retry}
    >
      {props.onFirstPage ? (
        <Button size="xs" variant="default" onClick={props.onFirstPage}>
          Go to the first page
        </Button>
      ) : null}
    </QueryError>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
