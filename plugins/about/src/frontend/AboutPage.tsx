import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Center,
  Code,
  DataList,
  EmptyState,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import {
  IconClockPause,
  IconDatabase,
  IconPackage,
  IconRefresh,
  IconServer,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { AboutInfo, ReplicaStateInfo, ScheduledTaskState } from '../common';
import { formatDateTime, formatRelativeTime } from '@callboard/plugin-api/frontend';
import { formatDuration } from './format';
import { aboutInfoQuery } from './queries';
import { PageHeader, QueryError } from '@callboard/ui';

/** The task table and start time move; refresh them while the page is open. */
const refreshEveryMs = 30_000;

const engineLabels: Record<AboutInfo['database']['engine'], string> = {
  pglite: 'PGlite (embedded PostgreSQL)',
  pg: 'PostgreSQL',
};

/** `/about`: version, database, instance, plugins and scheduled tasks of this portal. */
export function AboutPage() {
  const query = useQuery({ ...aboutInfoQuery(), refetchInterval: refreshEveryMs });

  if (query.isPending) {
    return (
      <Page>
        <Center role="status" mih={240}>
          <Stack align="center" gap="sm">
            <Loader aria-hidden />
            <Text size="sm" c="dimmed">
              Loading information about this portal…
            </Text>
          </Stack>
        </Center>
      </Page>
    );
  }

  if (query.isError && !query.data) {
    return (
      <Page>
        <LoadError
          error={query.error}
          retrying={query.isFetching}
          retry={() => void query.refetch()}
        />
      </Page>
    );
  }

  const info = query.data;
  // Relative times are measured from when the data arrived, so rendering stays pure.
  const asOf = query.dataUpdatedAt;
  return (
    <Page
      actions={
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} aria-hidden />}
          loading={query.isFetching}
          onClick={() => void query.refetch()}
        >
          Refresh
        </Button>
      }
    >
      {query.isError ? (
        <Alert color="yellow" variant="light" role="alert" title="Showing older information">
          Refreshing failed: {query.error.message}
        </Alert>
      ) : null}

      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <FactsCard title="Product" icon={<IconPackage size={20} stroke={1.75} />}>
          <Fact label="Name">{info.name}</Fact>
          <Fact label="Version">
            <Code>{info.version}</Code>
          </Fact>
          <Fact label="Node.js">
            <Code>{info.nodeVersion}</Code>
          </Fact>
        </FactsCard>
        <FactsCard title="Database" icon={<IconDatabase size={20} stroke={1.75} />}>
          <Fact label="Engine">{engineLabels[info.database.engine]}</Fact>
          <Fact label="Server version">
            <Code>{info.database.serverVersion}</Code>
          </Fact>
        </FactsCard>
        <FactsCard title="This instance" icon={<IconServer size={20} stroke={1.75} />}>
          <Fact label="Instance id">
            <Code style={{ overflowWrap: 'anywhere' }}>{info.instanceId}</Code>
          </Fact>
          <Fact label="Started">
            <Timestamp iso={info.startedAt} asOf={asOf} />
          </Fact>
        </FactsCard>
      </SimpleGrid>

      <Section title="Installed plugins" count={info.plugins.length}>
        {info.plugins.length === 0 ? (
          <Text size="sm" c="dimmed">
            The server reports no plugins.
          </Text>
        ) : (
          <Group component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
            {info.plugins.map(plugin => (
              <li key={plugin.id}>
                <Badge variant="light" size="lg" radius="sm" tt="none" fw={500}>
                  {plugin.id}
                </Badge>
              </li>
            ))}
          </Group>
        )}
      </Section>

      <Section title="Replicas" count={info.replicas.length}>
        <Text size="sm" c="dimmed">
          The backend processes sharing this database, as their heartbeats say, and the work each
          holds. A replica that stops beating leaves this list, and its work goes to the others.
        </Text>
        {info.replicas.length === 0 ? (
          <Text size="sm" c="dimmed">
            No replica has announced itself yet.
          </Text>
        ) : (
          <ReplicasTable replicas={info.replicas} instanceId={info.instanceId} asOf={asOf} />
        )}
      </Section>

      <Section title="Scheduled tasks" count={info.scheduledTasks.length}>
        {info.scheduledTasks.length === 0 ? (
          <EmptyState
            size="sm"
            align="left"
            icon={<IconClockPause size={24} stroke={1.5} aria-hidden />}
            title="No scheduled tasks"
            description="Plugins register recurring work, such as re-reading catalog locations, with the scheduler. None has yet."
          />
        ) : (
          <TasksTable tasks={info.scheduledTasks} instanceId={info.instanceId} asOf={asOf} />
        )}
      </Section>

      <Text size="xs" c="dimmed">
        As of {formatDateTime(new Date(asOf).toISOString())}; refreshes every{' '}
        {refreshEveryMs / 1000} seconds.
      </Text>
    </Page>
  );
}

function Page(props: { children: ReactNode; actions?: ReactNode }) {
  return (
    <Stack gap="lg" maw={1200}>
      <PageHeader
        title="About"
        description="What this Callboard runs: version, database, replicas, plugins and scheduled tasks."
        actions={props.actions}
      />
      {props.children}
    </Stack>
  );
}

function LoadError(props: { error: Error; retrying: boolean; retry: () => void }) {
  return (
    <QueryError
      title="Could not load information about this portal"
      error={props.error}
      retrying={props.retrying}
      retry={props.retry}
    />
  );
}

function FactsCard(props: { title: string; icon: ReactNode; children: ReactNode }) {
  const id = `about-${props.title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Group gap="xs" mb="md" wrap="nowrap" c="dimmed">
        <span aria-hidden style={{ display: 'flex' }}>
          {props.icon}
        </span>
        <Title order={2} size="h5" id={id} c="var(--mantine-color-text)">
          {props.title}
        </Title>
      </Group>
      <DataList size="sm" labelWidth={110} gap="xs">
        {props.children}
      </DataList>
    </Card>
  );
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel c="dimmed">{props.label}</DataList.ItemLabel>
      <DataList.ItemValue>{props.children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Section(props: { title: string; count: number; children: ReactNode }) {
  const id = `about-${props.title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Stack component="section" aria-labelledby={id} gap="sm">
      <Group gap="xs">
        <Title order={2} size="h3" id={id}>
          {props.title}
        </Title>
        <Badge variant="default" radius="sm" aria-label={`${props.count} in total`}>
          {props.count}
        </Badge>
      </Group>
      {props.children}
    </Stack>
  );
}

/** A point in time: relative in the text, absolute on hover and for machines. */
function Timestamp(props: { iso: string; asOf: number }) {
  const absolute = formatDateTime(props.iso);
  return (
    <time dateTime={props.iso} title={absolute}>
      {absolute}{' '}
      <Text span size="xs" c="dimmed">
        ({formatRelativeTime(props.iso, props.asOf)})
      </Text>
    </time>
  );
}

/** A cell with nothing in it: a quiet dash on screen, words for screen readers. */
function Nothing(props: { label: string }) {
  return (
    <Text span c="dimmed">
      <span aria-hidden>—</span>
      <VisuallyHidden>{props.label}</VisuallyHidden>
    </Text>
  );
}

/** What a lease kind is called on this page; unknown kinds show their id. */
const leaseLabels: Record<string, string> = {
  'backend.scheduler': 'scheduled tasks',
  'catalog.processing': 'entities processing',
  'catalog.stitching': 'entities stitching',
  'scaffolder.tasks': 'template tasks',
};

function ReplicasTable(props: {
  replicas: readonly ReplicaStateInfo[];
  instanceId: string;
  asOf: number;
}) {
  return (
    <Box
      role="region"
      aria-label="Replicas"
      tabIndex={0}
      style={{ position: 'relative', overflowX: 'auto', borderRadius: 'var(--mantine-radius-md)' }}
    >
      <Table verticalSpacing="sm" highlightOnHover withTableBorder miw={880}>
        <Table.Thead style={{ whiteSpace: 'nowrap' }}>
          <Table.Tr>
            <Table.Th scope="col">Instance</Table.Th>
            <Table.Th scope="col">Host and process</Table.Th>
            <Table.Th scope="col">Version</Table.Th>
            <Table.Th scope="col">Started</Table.Th>
            <Table.Th scope="col">Last heartbeat</Table.Th>
            <Table.Th scope="col">Holds</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.replicas.map(replica => {
            const held = Object.entries(replica.leases);
            return (
              <Table.Tr key={replica.id}>
                <Table.Th scope="row" fw={500}>
                  <Stack gap={4} align="flex-start">
                    <Code style={{ overflowWrap: 'anywhere' }}>{replica.id}</Code>
                    {replica.id === props.instanceId ? (
                      <Badge variant="light" size="sm" tt="none">
                        this instance
                      </Badge>
                    ) : null}
                  </Stack>
                </Table.Th>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {replica.host}, pid {replica.pid}
                </Table.Td>
                <Table.Td>
                  <Code>{replica.version}</Code>
                </Table.Td>
                <Table.Td>
                  <RelativeTime iso={replica.startedAt} asOf={props.asOf} />
                </Table.Td>
                <Table.Td>
                  <RelativeTime iso={replica.heartbeatAt} asOf={props.asOf} />
                </Table.Td>
                <Table.Td>
                  {held.length === 0 ? (
                    <Text span size="sm" c="dimmed">
                      nothing
                    </Text>
                  ) : (
                    <Group component="ul" gap={6} m={0} p={0} style={{ listStyle: 'none' }}>
                      {held.map(([kind, count]) => (
                        <li key={kind}>
                          <Badge variant="default" radius="sm" tt="none" fw={500} title={kind}>
                            {count.toLocaleString('en')} {leaseLabels[kind] ?? kind}
                          </Badge>
                        </li>
                      ))}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function TasksTable(props: {
  tasks: readonly ScheduledTaskState[];
  instanceId: string;
  asOf: number;
}) {
  return (
    // Scrolls sideways on narrow screens; focusable and named so keyboard users can scroll it.
    // `position: relative` keeps the visually hidden cell texts (absolutely positioned) inside
    // the scroll box, or they would widen the whole page on a phone.
    <Box
      role="region"
      aria-label="Scheduled tasks"
      tabIndex={0}
      style={{ position: 'relative', overflowX: 'auto', borderRadius: 'var(--mantine-radius-md)' }}
    >
      <Table verticalSpacing="sm" highlightOnHover withTableBorder miw={880}>
        <Table.Thead style={{ whiteSpace: 'nowrap' }}>
          <Table.Tr>
            <Table.Th scope="col">Task</Table.Th>
            <Table.Th scope="col">Next run</Table.Th>
            <Table.Th scope="col">Last run</Table.Th>
            <Table.Th scope="col">Last duration</Table.Th>
            <Table.Th scope="col">Last error</Table.Th>
            <Table.Th scope="col">Leased by</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.tasks.map(task => (
            <Table.Tr key={task.id}>
              <Table.Th scope="row" fw={500}>
                <Text span ff="monospace" size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {task.id}
                </Text>
              </Table.Th>
              <Table.Td>
                {task.nextRunAt ? (
                  <RelativeTime iso={task.nextRunAt} asOf={props.asOf} />
                ) : (
                  <Nothing label="not scheduled" />
                )}
              </Table.Td>
              <Table.Td>
                {task.lastRunAt ? (
                  <RelativeTime iso={task.lastRunAt} asOf={props.asOf} />
                ) : (
                  <Text span size="sm" c="dimmed">
                    never
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {task.lastDurationMs === null ? (
                  <Nothing label="no runs yet" />
                ) : (
                  formatDuration(task.lastDurationMs)
                )}
              </Table.Td>
              <Table.Td maw={320}>
                {task.lastError ? (
                  <Text
                    size="sm"
                    c="var(--mantine-color-error)"
                    lineClamp={3}
                    title={task.lastError}
                  >
                    {task.lastError}
                  </Text>
                ) : (
                  <Nothing label="none" />
                )}
              </Table.Td>
              <Table.Td>
                {task.leasedBy ? (
                  <Stack gap={4} align="flex-start">
                    <Code>{task.leasedBy}</Code>
                    <Group gap={6} wrap="nowrap">
                      <Box
                        aria-hidden
                        w={8}
                        h={8}
                        bg="green.6"
                        style={{ borderRadius: '50%', flex: 'none' }}
                      />
                      <Text span size="xs">
                        {task.leasedBy === props.instanceId
                          ? 'running on this instance'
                          : 'running'}
                      </Text>
                    </Group>
                  </Stack>
                ) : (
                  <Nothing label="not running" />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function RelativeTime(props: { iso: string; asOf: number }) {
  return (
    <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>
      <time dateTime={props.iso} title={formatDateTime(props.iso)}>
        {formatRelativeTime(props.iso, props.asOf)}
      </time>
    </Text>
  );
}
