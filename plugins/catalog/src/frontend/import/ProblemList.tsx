import { Anchor, Badge, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle } from '@tabler/icons-react';
import type { IngestionProblem } from '../../common';
import { fileHref, problemPosition, shortFileName } from './describeProblem';

/** Every problem the analysis found, each with where it is (file, document, line, field). */
export function ProblemList(props: { problems: IngestionProblem[] }) {
  return (
    <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
      {props.problems.map((problem, index) => (
        <ProblemItem key={index} problem={problem} />
      ))}
    </Stack>
  );
}

function ProblemItem(props: { problem: IngestionProblem }) {
  const { problem } = props;
  const isError = problem.level === 'error';
  const position = problemPosition(problem);
  const href = problem.file ? fileHref(problem.file) : undefined;
  return (
    <Group component="li" gap="sm" wrap="nowrap" align="flex-start">
      <ThemeIcon
        variant="light"
        color={isError ? 'red' : 'yellow'}
        size="md"
        radius="xl"
        aria-hidden
      >
        {isError ? <IconAlertCircle size={16} /> : <IconAlertTriangle size={16} />}
      </ThemeIcon>
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Group gap="xs">
          <Badge variant="light" color={isError ? 'red' : 'yellow'} radius="sm" size="sm" tt="none">
            {isError ? 'Error' : 'Warning'}
          </Badge>
          {problem.file || position ? (
            <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
              In{' '}
              {problem.file ? (
                href ? (
                  <Anchor href={href} target="_blank" rel="noreferrer" title={href}>
                    {shortFileName(problem.file)}
                  </Anchor>
                ) : (
                  shortFileName(problem.file)
                )
              ) : null}
              {problem.file && position ? ', ' : null}
              {position}
            </Text>
          ) : null}
        </Group>
        <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {problem.message}
        </Text>
        {problem.entityRef ? (
          <Text size="xs" c="dimmed">
            Entity: {problem.entityRef}
          </Text>
        ) : null}
      </Stack>
    </Group>
  );
}
