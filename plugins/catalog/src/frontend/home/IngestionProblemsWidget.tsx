import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconAlertCircle, IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { entityPagePath, humanizeEntityRef, type IngestionProblem } from '../../common';
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

  return (
    <Stack gap="sm">
      <Text size="sm">
        <b>{numberFormat.format(totalItems)}</b> {totalItems === 1 ? 'problem' : 'problems'} in the
        catalog
        {totalItems > items.length ? `; the first ${items.length}:` : ':'}
      </Text>
      <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
        {items.map((problem, index) => (
          <ProblemItem key={index} problem={problem} />
        ))}
      </Stack>
    </Stack>
  );
}

function ProblemItem(props: { problem: IngestionProblem }) {
  const { problem } = props;
  const isError = problem.level === 'error';
  const Icon = isError ? IconAlertCircle : IconAlertTriangle;
  const where = describeFile(problem);
  return (
    <Group component="li" gap="xs" wrap="nowrap" align="flex-start">
      <Icon
        size={18}
        stroke={1.75}
        aria-hidden
        color={isError ? 'var(--mantine-color-red-text)' : 'var(--mantine-color-yellow-text)'}
        style={{ flex: 'none', marginTop: 2 }}
      />
      <Stack gap={2} miw={0}>
        <Group gap={6} wrap="wrap">
          <Badge variant="light" color={isError ? 'red' : 'yellow'} radius="sm" size="xs" tt="none">
            {isError ? 'Error' : 'Warning'}
          </Badge>
          {problem.entityRef ? (
            <Anchor
              component={Link}
              to={safeEntityPath(problem.entityRef)}
              size="sm"
              fw={500}
              truncate="end"
              maw="100%"
              title={problem.entityRef}
            >
              {humanize(problem.entityRef)}
            </Anchor>
          ) : null}
        </Group>
        <Text size="sm" lineClamp={3} style={{ overflowWrap: 'anywhere' }}>
          {problem.field ? (
            <Text span ff="monospace" size="xs">
              {problem.field}:{' '}
            </Text>
          ) : null}
          {problem.message}
        </Text>
        {where ? (
          <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
            {where}
          </Text>
        ) : null}
      </Stack>
    </Group>
  );
}

/** `https://…/catalog-info.yaml, line 12` from `url:https://…/catalog-info.yaml`. */
function describeFile(problem: IngestionProblem): string | undefined {
  const file = problem.file ?? problem.location;
  if (!file) return undefined;
  const target = file.replace(/^[a-z]+:/, '');
  const parts = [target];
  if (problem.document && problem.document > 1) parts.push(`document ${problem.document}`);
  if (problem.line) parts.push(`line ${problem.line}`);
  return parts.join(', ');
}

function safeEntityPath(ref: string): string {
  try {
    return entityPagePath(ref);
  } catch {
    return '/catalog';
  }
}

function humanize(ref: string): string {
  try {
    return humanizeEntityRef(ref);
  } catch {
    return ref;
  }
}
