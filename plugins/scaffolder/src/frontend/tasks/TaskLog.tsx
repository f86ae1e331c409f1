import { Button, Card, Group, Select, Text, Title } from '@mantine/core';
import { IconArrowDown } from '@tabler/icons-react';
import { Fragment, useLayoutEffect, useRef, useState } from 'react';
import type { LogLine, StepState } from './taskEvents';
import classes from './TaskLog.module.css';

/** More lines than this and only the newest are drawn: a browser tab is not a log store. */
const maxLines = 5000;

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/**
 * The task's log, newest at the bottom. It follows new lines while scrolled to the end; scrolled
 * up to read, it stays put and offers to jump back. Filtered to one step when one is chosen.
 */
export function TaskLog(props: {
  lines: LogLine[];
  steps: StepState[];
  selected?: string;
  onSelect: (stepId: string | undefined) => void;
  waiting: boolean;
}) {
  const viewport = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const filtered = props.selected
    ? props.lines.filter(line => line.stepId === props.selected)
    : props.lines;
  const shown = filtered.length > maxLines ? filtered.slice(-maxLines) : filtered;
  const stepNames = new Map(props.steps.map(step => [step.id, step.name]));

  useLayoutEffect(() => {
    const element = viewport.current;
    if (element && follow) element.scrollTop = element.scrollHeight;
  }, [shown.length, follow, props.selected]);

  const jumpToEnd = () => {
    setFollow(true);
    const element = viewport.current;
    if (element) element.scrollTop = element.scrollHeight;
  };

  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-labelledby="task-log">
      <Group justify="space-between" gap="sm" px="xs" pt={4} pb="xs">
        <Title order={2} size="h5" id="task-log">
          Log
        </Title>
        <Group gap="xs">
          {!follow ? (
            <Button
              size="compact-xs"
              variant="light"
              leftSection={<IconArrowDown size={14} aria-hidden />}
              onClick={jumpToEnd}
            >
              Jump to latest
            </Button>
          ) : null}
          <Select
            size="xs"
            aria-label="Show the log of"
            data={[
              { value: '', label: 'All steps' },
              ...props.steps.map(step => ({ value: step.id, label: step.name })),
            ]}
            value={props.selected ?? ''}
            onChange={value => props.onSelect(value || undefined)}
            allowDeselect={false}
            w={200}
          />
        </Group>
      </Group>
      <div
        ref={viewport}
        className={classes.viewport}
        role="log"
        aria-live="off"
        aria-label={
          props.selected ? `Log of ${stepNames.get(props.selected) ?? props.selected}` : 'Task log'
        }
        // Scrollable, so reachable by keyboard.
        tabIndex={0}
        onScroll={event => {
          const element = event.currentTarget;
          setFollow(element.scrollHeight - element.scrollTop - element.clientHeight < 24);
        }}
      >
        {filtered.length > shown.length ? (
          <div className={classes.notice}>
            {filtered.length - shown.length} earlier lines are not shown.
          </div>
        ) : null}
        {shown.length === 0 ? (
          <Text size="sm" c="dimmed" p="xs">
            {props.waiting
              ? 'Waiting for the task to start…'
              : props.selected
                ? 'This step wrote nothing to the log.'
                : 'Nothing was logged.'}
          </Text>
        ) : (
          shown.map((line, index) => {
            // In the full log, a heading wherever the step changes says whose lines follow.
            const heading =
              !props.selected && (index === 0 || shown[index - 1]?.stepId !== line.stepId);
            return (
              <Fragment key={`${line.eventId}-${index}`}>
                {heading ? (
                  <div className={classes.heading}>
                    {line.stepId ? (stepNames.get(line.stepId) ?? line.stepId) : 'Task'}
                  </div>
                ) : null}
                <div className={classes.line}>
                  <time className={classes.time} dateTime={line.createdAt}>
                    {formatTime(line.createdAt)}
                  </time>
                  <span className={classes.message}>{line.message}</span>
                </div>
              </Fragment>
            );
          })
        )}
      </div>
    </Card>
  );
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
}
