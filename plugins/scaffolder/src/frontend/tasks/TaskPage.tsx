import {
  Alert,
  Anchor,
  Button,
  EmptyState,
  Grid,
  Group,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import {
  formatDateTime,
  formatRelativeTime,
  isNotFound,
  pageTitle,
} from '@callboard/plugin-api/frontend';
import { parseEntityRef } from '@callboard/catalog-model';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconArrowLeft,
  IconPlayerStop,
  IconPlugConnectedX,
  IconRefresh,
  IconZoomQuestion,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { SerializedTask } from '../../common';
import { cancelTask, retryTask } from '../api/scaffolderApi';
import { scaffolderKeys, taskQuery } from '../api/queries';
import { EntityRefLink, QueryError } from '@callboard/ui';
import { StatusBadge } from '../components/StatusBadge';
import { sentence } from '../lib/errors';
import { galleryPath, taskListPath, taskPagePath, templateFormPath } from '../lib/paths';
import { useNow } from '../lib/useNow';
import { isTaskActive } from './taskEvents';
import { TaskLog } from './TaskLog';
import { TaskOutput } from './TaskOutput';
import { TaskSteps } from './TaskSteps';
import { useTaskEventStream, type ConnectionState } from './useTaskEventStream';

/** `/create/tasks/:taskId`: a task's steps, log and output, live while it runs. */
export function TaskPage() {
  const { taskId = '' } = useParams();
  const task = useQuery(taskQuery(taskId));

  const backLink = (
    <Anchor component={Link} to={taskListPath} size="sm" w="fit-content">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        All tasks
      </Group>
    </Anchor>
  );

  // Not found wins even over a task already shown: it was removed while the page was open.
  if (task.isError && (!task.data || isNotFound(task.error))) {
    if (isNotFound(task.error)) {
      return (
        <Stack gap="lg">
          <title>{pageTitle('Task not found')}</title>
          {backLink}
          <EmptyState icon={<IconZoomQuestion size={24} stroke={1.5} aria-hidden />} py="xl">
            <EmptyState.Title order={1}>Task not found</EmptyState.Title>
            <EmptyState.Description>
              {sentence(task.error.message)} The link may be mistyped, or the task was removed.
            </EmptyState.Description>
            <EmptyState.Actions>
              <Button component={Link} to={taskListPath} variant="default">
                See all tasks
              </Button>
              <Button component={Link} to={galleryPath}>
                Create something
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        </Stack>
      );
    }
    return (
      <Stack gap="lg">
        <title>{pageTitle('Error')}</title>
        {backLink}
        <QueryError
          title="Could not load this task"
          error={task.error}
          retrying={task.isFetching}
          retry={() => void task.refetch()}
        />
      </Stack>
    );
  }

  if (!task.data) {
    return (
      <Stack gap="lg">
        <title>{pageTitle('Task')}</title>
        {backLink}
        <Text size="sm" c="dimmed" role="status">
          Loading the task…
        </Text>
        <Skeleton h={34} w="40%" aria-hidden />
        <Grid aria-hidden>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Skeleton h={260} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Skeleton h={260} />
          </Grid.Col>
        </Grid>
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      {backLink}
      <TaskView key={task.data.id} task={task.data} />
    </Stack>
  );
}

function TaskView(props: { task: SerializedTask }) {
  const { task } = props;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { state, connection, retrying, reconnectNow } = useTaskEventStream(task);
  const [selectedStep, setSelectedStep] = useState<string>();
  const now = useNow(true, 30_000);

  const cancel = useMutation({
    mutationFn: () => cancelTask(task.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: scaffolderKeys.tasks() }),
  });
  const retry = useMutation({
    mutationFn: () => retryTask(task.id),
    onSuccess: ({ id }) => {
      void queryClient.invalidateQueries({ queryKey: scaffolderKeys.tasks() });
      if (id === task.id) retrying();
      else void navigate(taskPagePath(id));
    },
  });

  const info = task.spec.templateInfo;
  const templateTitle = info.entity?.metadata.title || info.entity?.metadata.name || info.entityRef;
  const template = safeRef(info.entityRef);
  const active = isTaskActive(state.status);
  const startOverPath = template
    ? templateFormPath(template.namespace, template.name, task.spec.parameters)
    : undefined;

  return (
    <Stack gap="lg">
      <title>{pageTitle(templateTitle, 'Task')}</title>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={6}>
          <Group gap="sm" align="center">
            <Title order={1}>{templateTitle}</Title>
            <StatusBadge status={state.status} size="lg" />
          </Group>
          <Text size="sm" c="dimmed">
            Task{' '}
            <span style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>{task.id}</span>
            {' · '}started{' '}
            <time dateTime={task.createdAt} title={formatDateTime(task.createdAt)}>
              {formatRelativeTime(task.createdAt, now)}
            </time>
            {task.createdBy ? (
              <>
                {' by '}
                <EntityRefLink entityRef={task.createdBy} defaultKind="user" onlyIfInCatalog />
              </>
            ) : null}
            {' · '}
            from <EntityRefLink entityRef={info.entityRef} defaultKind="template" />
          </Text>
        </Stack>
        <Group gap="xs">
          {active ? (
            <Button
              color="red"
              variant="light"
              leftSection={<IconPlayerStop size={16} aria-hidden />}
              loading={cancel.isPending}
              onClick={() => cancel.mutate()}
            >
              Cancel
            </Button>
          ) : null}
          {state.status === 'failed' ? (
            <Button
              leftSection={<IconRefresh size={16} aria-hidden />}
              loading={retry.isPending}
              onClick={() => retry.mutate()}
            >
              Retry
            </Button>
          ) : null}
          {!active && startOverPath ? (
            <Button
              component={Link}
              to={startOverPath}
              variant="default"
              leftSection={<IconArrowBackUp size={16} aria-hidden />}
            >
              Start over
            </Button>
          ) : null}
        </Group>
      </Group>

      {cancel.isError ? (
        <QueryError compact title="Could not cancel the task" error={cancel.error} />
      ) : null}
      {retry.isError ? (
        <QueryError compact title="Could not retry the task" error={retry.error} />
      ) : null}
      <ConnectionNotice connection={connection} onReconnect={reconnectNow} />
      {state.status === 'failed' ? (
        <Alert
          color="red"
          variant="light"
          role="alert"
          title="The task failed"
          icon={<IconAlertTriangle aria-hidden />}
        >
          <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
            {state.error?.message ?? 'A step failed. Its log says why.'}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            Retry runs the task again with the same values; Start over opens the template’s form,
            filled in with them, to change something first.
          </Text>
        </Alert>
      ) : null}
      {state.status === 'cancelled' ? (
        <Alert color="orange" variant="light" title="The task was cancelled">
          <Text size="sm">Steps that had not finished were stopped.</Text>
        </Alert>
      ) : null}
      {state.status === 'completed' ? <TaskOutput output={state.output} /> : null}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <TaskSteps steps={state.steps} selected={selectedStep} onSelect={setSelectedStep} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <TaskLog
            lines={state.log}
            steps={state.steps}
            selected={selectedStep}
            onSelect={setSelectedStep}
            waiting={state.status === 'open'}
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function ConnectionNotice(props: { connection: ConnectionState; onReconnect: () => void }) {
  if (props.connection.kind !== 'reconnecting') return null;
  const seconds = Math.max(1, Math.round(props.connection.delayMs / 1000));
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconPlugConnectedX aria-hidden />}
      title="Lost the connection to the server"
      role="status"
    >
      <Group justify="space-between" gap="sm">
        <Text size="sm">
          The task goes on running on the server. Trying again within {seconds} s (attempt{' '}
          {props.connection.attempt}); what happened meanwhile will appear.
        </Text>
        <Button size="xs" variant="default" onClick={props.onReconnect}>
          Reconnect now
        </Button>
      </Group>
    </Alert>
  );
}

function safeRef(ref: string) {
  try {
    return parseEntityRef(ref, { defaultKind: 'template' });
  } catch {
    return undefined;
  }
}
