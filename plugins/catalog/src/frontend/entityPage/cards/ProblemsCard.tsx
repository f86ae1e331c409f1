import { stringifyEntityRef, type Entity, type EntityStatusItem } from '@callboard/catalog-model';
import { Badge, Code, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconCircleCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { EntityProcessing, IngestionProblem } from '../../../common';
import { EntityCard } from '../components/EntityCard';
import { ExternalLink, QueryError } from '@callboard/ui';
import { TimeText } from '../components/TimeText';
import { locationRefTarget } from '../lib/locationRefTarget';
import { entityProcessingQuery } from '../queries';

/**
 * What went wrong the last time the catalog read this entity, worded for whoever edits the YAML
 * (file, document, line, field), and when it was last read successfully. Red when broken: the
 * page then shows the last good version, and this card says why it is not the newest.
 */
export function ProblemsCard(props: { entity: Entity }) {
  const query = useQuery(entityProcessingQuery(stringifyEntityRef(props.entity)));
  const processing = query.data;
  const problems = processing?.problems ?? [];
  // The catalog also puts each processing error in `status.items` (Backstage clients read it
  // there), usually with the error's name in front; show only what the problems do not say.
  const statusItems = (props.entity.status?.items ?? []).filter(
    item => !problems.some(problem => item.message.includes(problem.message)),
  );
  const hasErrors =
    problems.some(problem => problem.level === 'error') ||
    statusItems.some(item => item.level === 'error');
  const hasWarnings = problems.length > 0 || statusItems.some(item => item.level === 'warning');

  return (
    <EntityCard
      title="Problems"
      count={processing ? problems.length + statusItems.length : undefined}
      tone={hasErrors ? 'danger' : hasWarnings ? 'warning' : undefined}
    >
      {query.isPending ? (
        <Text size="sm" c="dimmed" role="status">
          Loading the catalog’s processing state…
        </Text>
      ) : query.isError ? (
        <QueryError
          compact
          title="Could not load the processing state"
          error={query.error}
          retrying={query.isFetching}
          retry={() => void query.refetch()}
        />
      ) : (
        <Stack gap="md">
          {problems.length === 0 && statusItems.length === 0 ? (
            <Group justify="space-between" gap="md" align="flex-start">
              <Group gap="xs" wrap="nowrap">
                <IconCircleCheck
                  size={20}
                  color="var(--mantine-color-green-filled)"
                  aria-hidden
                  style={{ flex: 'none' }}
                />
                <Text size="sm">
                  No problems: the last read of this entity’s source went cleanly.
                </Text>
              </Group>
              <ProcessingTimes processing={processing} asOf={query.dataUpdatedAt} />
            </Group>
          ) : (
            <>
              {hasErrors ? (
                <Text size="sm">
                  The catalog could not take the latest version of this entity’s YAML. It keeps
                  serving the last good version until the problems below are fixed.
                </Text>
              ) : null}
              <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                {problems.map((problem, index) => (
                  <li key={index}>
                    <ProblemItem problem={problem} />
                  </li>
                ))}
                {statusItems.map((item, index) => (
                  <li key={`status-${index}`}>
                    <StatusItem item={item} />
                  </li>
                ))}
              </Stack>
              <ProcessingTimes processing={processing} asOf={query.dataUpdatedAt} />
            </>
          )}
        </Stack>
      )}
    </EntityCard>
  );
}

function LevelBadge(props: { level: string }) {
  const error = props.level === 'error';
  return (
    <Badge
      color={error ? 'red' : props.level === 'warning' ? 'yellow' : 'blue'}
      variant={error ? 'filled' : 'light'}
      radius="sm"
    >
      {props.level}
    </Badge>
  );
}

function ProblemItem(props: { problem: IngestionProblem }) {
  const { problem } = props;
  const file = problem.file ? locationRefTarget(problem.file) : undefined;
  const details: Array<{ label: string; value: ReactNode }> = [];
  if (file) {
    details.push({
      label: 'File',
      value:
        file.type === 'url' || file.type === undefined ? (
          <ExternalLink href={file.target} size="xs" />
        ) : (
          <Code>{problem.file}</Code>
        ),
    });
  }
  if (problem.document !== undefined) {
    details.push({ label: 'Document', value: String(problem.document) });
  }
  if (problem.line !== undefined) details.push({ label: 'Line', value: String(problem.line) });
  if (problem.field) details.push({ label: 'Field', value: <Code>{problem.field}</Code> });
  return (
    <Paper
      withBorder
      p="sm"
      style={{
        borderLeft: `4px solid var(--mantine-color-${problem.level === 'error' ? 'red' : 'yellow'}-filled)`,
      }}
    >
      <Group gap="xs" mb={6}>
        <LevelBadge level={problem.level} />
        <Text size="xs" c="dimmed">
          {problem.type} problem
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {problem.message}
      </Text>
      {details.length > 0 ? (
        <List size="xs" mt={6} spacing={2} listStyleType="none" p={0}>
          {details.map(detail => (
            <List.Item key={detail.label}>
              <Text span size="xs" c="dimmed">
                {detail.label}:
              </Text>{' '}
              <Text span size="xs">
                {detail.value}
              </Text>
            </List.Item>
          ))}
        </List>
      ) : null}
    </Paper>
  );
}

function StatusItem(props: { item: EntityStatusItem }) {
  return (
    <Paper withBorder p="sm">
      <Group gap="xs" mb={6}>
        <LevelBadge level={props.item.level} />
        <Text size="xs" c="dimmed">
          status {props.item.type}
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {props.item.message}
      </Text>
    </Paper>
  );
}

function ProcessingTimes(props: { processing: EntityProcessing | undefined; asOf: number }) {
  const processing = props.processing;
  if (!processing) return null;
  const attemptedLater =
    processing.attemptedAt !== undefined &&
    (processing.processedAt === undefined ||
      Date.parse(processing.attemptedAt) > Date.parse(processing.processedAt));
  return (
    <Stack gap={2}>
      <Text size="xs">
        <Text span size="xs" c="dimmed">
          Last successful refresh:
        </Text>{' '}
        {processing.processedAt ? (
          <TimeText iso={processing.processedAt} asOf={props.asOf} />
        ) : (
          'never'
        )}
      </Text>
      {attemptedLater && processing.attemptedAt ? (
        <Text size="xs">
          <Text span size="xs" c="dimmed">
            Last attempt:
          </Text>{' '}
          <TimeText iso={processing.attemptedAt} asOf={props.asOf} />
        </Text>
      ) : null}
      {processing.nextUpdateAt ? (
        <Text size="xs">
          <Text span size="xs" c="dimmed">
            Next refresh:
          </Text>{' '}
          <TimeText iso={processing.nextUpdateAt} asOf={props.asOf} />
        </Text>
      ) : null}
    </Stack>
  );
}
