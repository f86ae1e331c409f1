import { isValidEntityName, isValidNamespace, parseEntityRef } from '@callboard/catalog-model';
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { entityPagePath, humanizeEntityRef, type IngestionProblem } from '../../common';

/**
 * One ingestion problem as a list item: error or warning, the entity (linked where a page can
 * exist for it), the message worded for the YAML's owner, and the file and line.
 */
export function ProblemItem(props: { problem: IngestionProblem }) {
  const { problem } = props;
  const isError = problem.level === 'error';
  const Icon = isError ? IconAlertCircle : IconAlertTriangle;
  const where = describeFile(problem);
  const to = problemLink(problem);
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
          {problem.entityRef && to ? (
            <Anchor
              component={Link}
              to={to}
              size="sm"
              fw={500}
              truncate="end"
              maw="100%"
              title={problem.entityRef}
            >
              {humanize(problem.entityRef)}
            </Anchor>
          ) : problem.entityRef ? (
            <Text size="sm" fw={500} truncate="end" maw="100%" title={problem.entityRef}>
              {humanize(problem.entityRef)}
            </Text>
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

/**
 * Where a problem's entity link goes: the entity's page when its ref is valid (the page tells the
 * whole story, the last good version included); otherwise no page can exist for it, so the
 * problems of the location it came through.
 */
export function problemLink(problem: IngestionProblem): string | undefined {
  const ref = problem.entityRef;
  if (ref) {
    try {
      const { kind, namespace, name } = parseEntityRef(ref);
      if (
        isValidEntityName(name) &&
        isValidNamespace(namespace) &&
        /^[a-z][a-z0-9]*$/i.test(kind)
      ) {
        return entityPagePath(ref);
      }
    } catch {
      // Not a ref at all: the location's problems below.
    }
  }
  return problem.location ? locationProblemsPath(problem.location) : undefined;
}

/** The problems page, listing only what came through one location (`url:https://…`). */
export function locationProblemsPath(location: string): string {
  return `/catalog-problems?${new URLSearchParams({ location }).toString()}`;
}

function humanize(ref: string): string {
  try {
    return humanizeEntityRef(ref);
  } catch {
    return ref;
  }
}
