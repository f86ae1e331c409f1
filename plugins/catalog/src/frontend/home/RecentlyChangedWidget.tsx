import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconClockPause } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { entityPagePath } from '../../common';
import { recentEntitiesQuery } from './queries';
import { formatDateTime, formatRelativeTime } from '@callboard/plugin-api/frontend';
import { EmptyState, EntityKindBadge, LoadingLines, QueryError } from '@callboard/ui';

const shown = 10;

/** Home widget: the entities whose served form changed last, newest first. */
export function RecentlyChangedWidget() {
  const query = useQuery(recentEntitiesQuery(shown));

  if (query.isPending) return <LoadingLines label="Loading recent changes" rows={6} />;
  if (query.isError) {
    return (
      <QueryError
        compact
        title="Could not load recent changes"
        error={query.error}
        retrying={query.isFetching}
        retry={() => void query.refetch()}
      />
    );
  }
  if (query.data.items.length === 0) {
    return (
      <EmptyState icon={<IconClockPause size={18} stroke={1.75} />}>
        Nothing has changed yet: the catalog has no entities.
      </EmptyState>
    );
  }

  // Relative times are measured from when the data arrived, so rendering stays pure.
  const asOf = query.dataUpdatedAt;
  return (
    <Stack component="ul" gap={10} m={0} p={0} style={{ listStyle: 'none' }}>
      {query.data.items.map(item => (
        <Group component="li" key={item.entityRef} justify="space-between" gap="xs" wrap="nowrap">
          <Group gap={8} wrap="nowrap" miw={0}>
            <EntityKindBadge kind={item.kind} variant="light" />
            <Anchor
              component={Link}
              to={entityPagePath({ kind: item.kind, namespace: item.namespace, name: item.name })}
              size="sm"
              truncate="end"
              title={item.entityRef}
            >
              {item.title ?? item.name}
            </Anchor>
          </Group>
          <Text size="xs" c="dimmed" style={{ flex: 'none', whiteSpace: 'nowrap' }}>
            <time dateTime={item.updatedAt} title={formatDateTime(item.updatedAt)}>
              {formatRelativeTime(item.updatedAt, asOf)}
            </time>
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
