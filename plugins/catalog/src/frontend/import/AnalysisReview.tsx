import { Alert, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconFileImport,
  IconInfoCircle,
  IconRefresh,
} from '@tabler/icons-react';
import { useId, type ReactNode } from 'react';
import { refreshEntity } from '../../common';
import type { TargetAnalysis } from './analyzeTarget';
import { AnalyzedEntitiesTable } from './AnalyzedEntitiesTable';
import { ProblemList } from './ProblemList';

/**
 * Step two: what registering the URL would bring in, before anything is written. Lists the
 * entities and every problem, says why importing is not possible when it is not, and offers
 * the Import button otherwise.
 */
export function AnalysisReview(props: {
  analysis: TargetAnalysis;
  onImport: () => void;
  importing: boolean;
  /** The failed import's message, shown beside the button. */
  importError?: ReactNode;
}) {
  const { summary, existingLocation } = props.analysis;
  const entitiesId = useId();
  const problemsId = useId();
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const fileCount = new Set(summary.entities.map(entity => entity.file)).size;
  // A URL that could not be read has one problem, and the alert above already tells it.
  const problems =
    summary.entities.length === 0 &&
    summary.problems.length === 1 &&
    summary.problems[0]?.type === 'read'
      ? []
      : summary.problems;

  return (
    <Stack gap="lg">
      <Text role="status" size="sm">
        {summary.entities.length > 0
          ? `Found ${count(summary.entities.length, 'entity', 'entities')} in ${count(fileCount, 'file')}, ${summary.newCount} new.`
          : 'Found no entities to import.'}{' '}
        {summary.problems.length > 0
          ? `${count(summary.problems.length, 'problem')} found.`
          : 'No problems found.'}
      </Text>

      {summary.blocker ? (
        <Alert
          color={existingLocation ? 'blue' : summary.entities.length > 0 ? 'yellow' : 'red'}
          variant="light"
          role="alert"
          title={summary.blocker.title}
          icon={
            existingLocation ? <IconInfoCircle aria-hidden /> : <IconAlertTriangle aria-hidden />
          }
          maw={860}
        >
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {summary.blocker.message}
          </Text>
          <Text size="sm" mt={4}>
            {summary.blocker.hint}
          </Text>
          {existingLocation?.entityRef ? (
            <RefreshLocation locationEntityRef={existingLocation.entityRef} />
          ) : null}
        </Alert>
      ) : null}

      {summary.entities.length > 0 ? (
        <Stack component="section" aria-labelledby={entitiesId} gap="sm">
          <Group gap="xs">
            <Title order={2} size="h4" id={entitiesId}>
              Entities
            </Title>
            <Badge variant="default" radius="sm" aria-label={`${summary.entities.length} in total`}>
              {summary.entities.length}
            </Badge>
          </Group>
          <AnalyzedEntitiesTable entities={summary.entities} />
        </Stack>
      ) : null}

      {problems.length > 0 ? (
        <Stack component="section" aria-labelledby={problemsId} gap="sm">
          <Group gap="xs">
            <Title order={2} size="h4" id={problemsId}>
              Problems
            </Title>
            <Badge
              variant="light"
              color={summary.errorCount > 0 ? 'red' : 'yellow'}
              radius="sm"
              aria-label={`${summary.problems.length} in total`}
            >
              {summary.problems.length}
            </Badge>
          </Group>
          {summary.entities.length > 0 && !summary.blocker ? (
            <Text size="sm" c="dimmed" maw={860}>
              Importing registers the URL with the{' '}
              {count(summary.entities.length, 'entity', 'entities')} above. What these problems
              affect is left out and listed among the catalog’s problems until it is fixed in the
              repository; the catalog reads the repository again periodically and picks up the fix.
            </Text>
          ) : null}
          <ProblemList problems={problems} />
        </Stack>
      ) : null}

      <Stack gap="xs" align="flex-start">
        <Button
          onClick={props.onImport}
          loading={props.importing}
          disabled={summary.blocker !== undefined}
          leftSection={<IconFileImport size={16} aria-hidden />}
        >
          Import
        </Button>
        {summary.blocker ? (
          <Text size="xs" c="dimmed">
            Nothing to import from this URL. Change the URL above to analyze another.
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            Registers {props.analysis.target}; the catalog reads it in the background.
          </Text>
        )}
        {props.importError}
      </Stack>
    </Stack>
  );
}

/** Reads an already registered location again now, instead of registering it twice. */
function RefreshLocation(props: { locationEntityRef: string }) {
  const refresh = useMutation({ mutationFn: () => refreshEntity(props.locationEntityRef) });
  return (
    <Stack gap={4} mt="sm" align="flex-start">
      <Button
        size="xs"
        variant="default"
        leftSection={<IconRefresh size={14} aria-hidden />}
        loading={refresh.isPending}
        onClick={() => refresh.mutate()}
      >
        Refresh now
      </Button>
      {refresh.isSuccess ? (
        <Text size="xs" role="status">
          Queued: the catalog reads it again in a moment.
        </Text>
      ) : null}
      {refresh.isError ? (
        <Text size="xs" c="var(--mantine-color-error)" role="alert">
          Could not refresh: {refresh.error.message}
        </Text>
      ) : null}
    </Stack>
  );
}
