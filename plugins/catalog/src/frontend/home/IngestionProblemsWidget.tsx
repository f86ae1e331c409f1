import { Anchor, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { ProblemItem } from '../problems/ProblemItem';
import { problemsQuery } from './queries';
import { EmptyState, LoadingLines, QueryError } from '@callboard/ui';

const shown = 5;
const numberFormat = new Intl.NumberFormat('en-US');

/**
 * Home widget: what the catalog could not read, worded for whoever owns the YAML. Problems about
 * an entity link to its page, where the whole story is.
 */
export function IngestionProblemsWidget() {
  const query = useQuery(problemsQuery(shown));

  if (query.isPending) return <LoadingLines label="Loading ingestion problems" rows={5} />;
  if (query.isError) {
    return (
      <QueryError
        compact
        title="Could not load ingestion problems"
        error={query.error}
        retrying={query.isFetching}
        retry={() => void query.refetch()}
      />
    );
  }
  const { items, totalItems } = query.data;
  if (totalItems === 0 && items.length === 0) {
    return (
      <EmptyState
        icon={<IconCircleCheck size={18} stroke={1.75} color="var(--mantine-color-green-text)" />}
      >
        No ingestion problems: every registered file was read.
      </EmptyState>
    );
  }

  // A page of the API holds the problems of `shown` entities, which may be more than `shown`.
  const listed = items.slice(0, shown);
  return (
    <Stack gap="sm">
      <Text size="sm">
        <b>{numberFormat.format(totalItems)}</b> {totalItems === 1 ? 'problem' : 'problems'} in the
        catalog
        {totalItems > listed.length ? `; the first ${listed.length}:` : ':'}
      </Text>
      <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
        {listed.map((problem, index) => (
          <ProblemItem key={index} problem={problem} />
        ))}
      </Stack>
      {totalItems > listed.length ? (
        <Anchor component={Link} to="/catalog-problems" size="sm">
          All {numberFormat.format(totalItems)} problems
        </Anchor>
      ) : null}
    </Stack>
  );
}
