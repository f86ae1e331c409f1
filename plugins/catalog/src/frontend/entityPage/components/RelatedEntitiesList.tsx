import { Button, Group, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { relatedEntitiesQuery } from '../queries';
import { EntityTable, type EntityTableColumns } from './EntityTable';
import { QueryError } from '@callboard/ui';

/**
 * Entities matching any of `filters` (Backstage filter strings), by name, in a small table that
 * loads more on request, so a group owning thousands of entities stays quick.
 */
export function RelatedEntitiesList(props: {
  filters: readonly string[];
  label: string;
  empty: ReactNode;
  columns?: EntityTableColumns;
  showKind?: boolean;
}) {
  const query = useInfiniteQuery(relatedEntitiesQuery(props.filters));
  if (query.isPending) {
    return (
      <Text size="sm" c="dimmed" role="status">
        Loading {props.label.toLowerCase()}…
      </Text>
    );
  }
  if (query.isError) {
    return (
      <QueryError
        compact
        title={`Could not load ${props.label.toLowerCase()}`}
        error={query.error}
        retrying={query.isFetching}
        retry={() => void query.refetch()}
      />
    );
  }
  const entities = query.data.pages.flatMap(page => page.items);
  const total = query.data.pages[0]?.totalItems ?? entities.length;
  if (entities.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {props.empty}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <EntityTable
        entities={entities}
        label={props.label}
        columns={props.columns}
        showKind={props.showKind}
      />
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          Showing {entities.length} of {total}
        </Text>
        {query.hasNextPage ? (
          <Button
            variant="default"
            size="xs"
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            Show more
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
