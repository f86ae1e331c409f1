import {
  Anchor,
  Button,
  EmptyState,
  Group,
  Loader,
  Pagination,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { formatDateTime, formatRelativeTime } from '@callboard/plugin-api/frontend';
import { useQuery } from '@tanstack/react-query';
import { IconClipboardList, IconSquareRoundedPlus } from '@tabler/icons-react';
import { useMemo, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { SerializedTask, TaskStatus } from '../../common';
import { taskListQuery } from '../api/queries';
import { EntityRefLink, PageHeader, QueryError } from '@callboard/ui';
import { StatusBadge } from '../components/StatusBadge';
import { galleryPath, taskPagePath } from '../lib/paths';
import { useNow } from '../lib/useNow';
import {
  readTaskListState,
  taskListRequest,
  taskPageSize,
  writeTaskListState,
  type TaskListState,
} from './taskListParams';

const statusFilters: Array<{ value: TaskStatus | 'all'; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'processing', label: 'Running' },
  { value: 'open', label: 'Waiting' },
  { value: 'completed', label: 'Completed' },
  { value: 'failed', label: 'Failed' },
  { value: 'cancelled', label: 'Cancelled' },
];

/** `/create/tasks`: every task, newest first, filtered by status (in the URL). */
export function TaskListPage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readTaskListState(params), [params]);
  const update = (next: TaskListState) => setParams(writeTaskListState(next));
  const tasks = useQuery(taskListQuery(taskListRequest(state)));
  const now = useNow(true, 30_000);

  let body: ReactNode;
  if (tasks.isError && !tasks.data) {
    body = (
      <QueryError
        title="Could not load the tasks"
        error={tasks.error}
        retrying={tasks.isFetching}
        retry={() => void tasks.refetch()}
      />
    );
  } else if (!tasks.data) {
    body = (
      <Stack gap="xs">
        <Text size="sm" c="dimmed" role="status">
          Loading tasks…
        </Text>
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton key={index} h={36} aria-hidden />
        ))}
      </Stack>
    );
  } else if (tasks.data.tasks.length === 0) {
    body = (
      <EmptyState icon={<IconClipboardList size={24} stroke={1.5} aria-hidden />} py="xl">
        <EmptyState.Title order={2}>
          {state.status ? 'No tasks with this status' : 'No tasks yet'}
        </EmptyState.Title>
        <EmptyState.Description>
          {state.status
            ? 'Choose another status to see more.'
            : 'A task runs each time a template’s form is submitted. Choose a template to start one.'}
        </EmptyState.Description>
        <EmptyState.Actions>
          {state.status ? (
            <Button variant="default" onClick={() => update({ page: 1 })}>
              Show all tasks
            </Button>
          ) : (
            <Button
              component={Link}
              to={galleryPath}
              leftSection={<IconSquareRoundedPlus size={16} aria-hidden />}
            >
              Choose a template
            </Button>
          )}
        </EmptyState.Actions>
      </EmptyState>
    );
  } else {
    const { totalTasks } = tasks.data;
    const pages = Math.max(1, Math.ceil(totalTasks / taskPageSize));
    const from = (state.page - 1) * taskPageSize;
    body = (
      <Stack gap="sm">
        <Group justify="space-between" mih={28}>
          <Text size="sm" role="status" aria-live="polite">
            Showing <b>{from + 1}</b>–<b>{from + tasks.data.tasks.length}</b> of <b>{totalTasks}</b>{' '}
            {totalTasks === 1 ? 'task' : 'tasks'}
          </Text>
          {tasks.isFetching ? <Loader size="xs" aria-hidden /> : null}
        </Group>
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover verticalSpacing="sm" aria-label="Tasks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Template</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Created by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody style={{ opacity: tasks.isPlaceholderData ? 0.6 : 1 }}>
              {tasks.data.tasks.map(task => (
                <TaskRow key={task.id} task={task} now={now} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {pages > 1 ? (
          <Pagination
            total={pages}
            value={Math.min(state.page, pages)}
            onChange={page => update({ ...state, page })}
            getControlProps={control => ({
              'aria-label': control === 'previous' ? 'Previous page' : 'Next page',
            })}
          />
        ) : null}
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader
        title="Tasks"
        documentTitle={['Tasks', 'Create']}
        description="What each submitted template did: its steps, log and output."
        actions={
          <Button
            component={Link}
            to={galleryPath}
            leftSection={<IconSquareRoundedPlus size={16} aria-hidden />}
          >
            Create something
          </Button>
        }
      />
      <SegmentedControl
        aria-label="Status"
        w="fit-content"
        data={statusFilters}
        value={state.status ?? 'all'}
        onChange={value =>
          update({ status: value === 'all' ? undefined : (value as TaskStatus), page: 1 })
        }
      />
      {body}
    </Stack>
  );
}

function TaskRow(props: { task: SerializedTask; now: number }) {
  const { task } = props;
  const info = task.spec.templateInfo;
  const title = info.entity?.metadata.title || info.entity?.metadata.name || info.entityRef;
  return (
    <Table.Tr>
      <Table.Td>
        <Stack gap={0}>
          <Anchor component={Link} to={taskPagePath(task.id)} size="sm" fw={500}>
            {title}
          </Anchor>
          <Text size="xs" c="dimmed" ff="monospace">
            {task.id}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={task.status} size="sm" />
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <time dateTime={task.createdAt} title={formatDateTime(task.createdAt)}>
            {formatRelativeTime(task.createdAt, props.now)}
          </time>
        </Text>
      </Table.Td>
      <Table.Td>
        {task.createdBy ? (
          <EntityRefLink entityRef={task.createdBy} defaultKind="user" onlyIfInCatalog />
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
