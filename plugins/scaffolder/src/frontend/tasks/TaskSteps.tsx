import { Card, Code, Group, Loader, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import {
  IconBan,
  IconCircleCheck,
  IconCircleDashed,
  IconCircleX,
  IconListDetails,
  IconPlayerSkipForward,
} from '@tabler/icons-react';
import type { StepStatus } from '../../common';
import { formatDuration } from '../lib/formatDuration';
import { statusViews } from '../lib/statusView';
import { useNow } from '../lib/useNow';
import { stepDurationMs, type StepState } from './taskEvents';
import classes from './TaskSteps.module.css';

/**
 * The task's steps in order, each with its status and how long it took (or has been running).
 * Choosing a step shows only its lines in the log; "All steps" shows everything.
 */
export function TaskSteps(props: {
  steps: StepState[];
  selected?: string;
  onSelect: (stepId: string | undefined) => void;
}) {
  const running = props.steps.some(step => step.status === 'processing');
  const now = useNow(running);
  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-labelledby="task-steps">
      <Title order={2} size="h5" id="task-steps" px="xs" pt={4} pb="xs">
        Steps
      </Title>
      <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        <li>
          <UnstyledButton
            className={classes.step}
            data-selected={props.selected === undefined || undefined}
            aria-pressed={props.selected === undefined}
            onClick={() => props.onSelect(undefined)}
          >
            <Group gap="sm" wrap="nowrap">
              <IconListDetails size={18} aria-hidden style={{ flex: 'none' }} />
              <Text size="sm" fw={500}>
                All steps
              </Text>
            </Group>
          </UnstyledButton>
        </li>
        {props.steps.map(step => {
          const duration = stepDurationMs(step, now);
          const selected = props.selected === step.id;
          return (
            <li key={step.id}>
              <UnstyledButton
                className={classes.step}
                data-selected={selected || undefined}
                aria-pressed={selected}
                onClick={() => props.onSelect(selected ? undefined : step.id)}
                aria-label={`${step.name}: ${statusViews[step.status].label}${
                  duration !== undefined ? `, ${formatDuration(duration)}` : ''
                }. Show its log.`}
              >
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  <StepIcon status={step.status} />
                  <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                    <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                      {step.name}
                    </Text>
                    <Group gap={6} wrap="wrap">
                      <Text size="xs" c="dimmed">
                        {statusViews[step.status].label}
                        {duration !== undefined ? ` · ${formatDuration(duration)}` : ''}
                      </Text>
                      {step.action ? (
                        <Code fz={11} c="dimmed" bg="transparent" p={0}>
                          {step.action}
                        </Code>
                      ) : null}
                    </Group>
                  </Stack>
                </Group>
              </UnstyledButton>
            </li>
          );
        })}
      </Stack>
    </Card>
  );
}

function StepIcon(props: { status: StepStatus }) {
  const style = { flex: 'none', marginTop: 1 } as const;
  switch (props.status) {
    case 'processing':
      return <Loader size={18} aria-hidden style={style} />;
    case 'completed':
      return (
        <IconCircleCheck
          size={18}
          color="var(--mantine-color-green-filled)"
          aria-hidden
          style={style}
        />
      );
    case 'failed':
      return <IconCircleX size={18} color="var(--mantine-color-error)" aria-hidden style={style} />;
    case 'cancelled':
      return (
        <IconBan size={18} color="var(--mantine-color-orange-filled)" aria-hidden style={style} />
      );
    case 'skipped':
      return (
        <IconPlayerSkipForward
          size={18}
          color="var(--mantine-color-dimmed)"
          aria-hidden
          style={style}
        />
      );
    default:
      return (
        <IconCircleDashed size={18} color="var(--mantine-color-dimmed)" aria-hidden style={style} />
      );
  }
}
