import { pageTitle } from '@callboard/plugin-api/frontend';
import { Anchor, Button, Code, EmptyState, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconAlertTriangle, IconMapQuestion } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { locationProblemsPath, ProblemItem } from '../problems/ProblemItem';
import { entityProcessingQuery } from './queries';

/**
 * The catalog serves no entity with this ref. Either it read one and could not accept it (its
 * problems say why, and the page shows them instead of a dead end), or it never had one, or it
 * was removed.
 */
export function EntityNotFound(props: { entityRef: string }) {
  const processing = useQuery({ ...entityProcessingQuery(props.entityRef), retry: false });
  const problems = processing.data?.problems ?? [];
  if (processing.isPending) {
    return (
      <Group gap="sm" mt="xl" role="status">
        <Loader size="sm" aria-hidden />
        <Text size="sm">Looking for {props.entityRef}…</Text>
      </Group>
    );
  }
  if (problems.length > 0) {
    const location = processing.data?.location;
    return (
      <Stack gap="lg" maw={1000}>
        <title>{pageTitle('Not in the catalog')}</title>
        <Stack gap={4}>
          <Group gap="xs" wrap="nowrap">
            <IconAlertTriangle size={28} aria-hidden color="var(--mantine-color-red-text)" />
            <Title order={1}>Not in the catalog</Title>
          </Group>
          <Text c="dimmed">
            The catalog read <Code>{props.entityRef}</Code> but could not accept it. Fix what
            follows in its file; the catalog reads it again and the entity appears.
          </Text>
        </Stack>
        <Stack component="ul" gap="md" m={0} p={0} style={{ listStyle: 'none' }}>
          {problems.map((problem, index) => (
            <ProblemItem key={index} problem={problem} />
          ))}
        </Stack>
        {location ? (
          <Anchor component={Link} to={locationProblemsPath(location)} size="sm">
            Every problem of its location
          </Anchor>
        ) : null}
      </Stack>
    );
  }
  return (
    <EmptyState
      mt="xl"
      icon={<IconMapQuestion size={36} stroke={1.5} aria-hidden />}
      withIndicatorBackground
      size="lg"
    >
      <title>{pageTitle('Entity not found')}</title>
      <EmptyState.Title order={1}>Entity not found</EmptyState.Title>
      <EmptyState.Description>
        The catalog has no entity <Code>{props.entityRef}</Code>. It may have been renamed or
        removed from its catalog-info.yaml, or its location was unregistered.
      </EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} to="/catalog">
          Go to the catalog
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
