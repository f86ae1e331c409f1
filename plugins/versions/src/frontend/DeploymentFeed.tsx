import { Badge, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconRocket } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@callboard/plugin-api/frontend';
import { EmptyState, EntityRefLink, ExternalLink, LoadingLines, QueryError } from '@callboard/ui';
import { deploymentStatusColors } from './statusColors';
import { latestDeploymentsQuery } from './queries';

const feedLength = 15;

/**
 * The latest deployments, newest first, polled so a report from CI appears without a reload;
 * "Updated" says when the list was last fetched, so a stale feed is visible as one.
 */
export function DeploymentFeed() {
  const feed = useQuery(latestDeploymentsQuery(feedLength));
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="baseline">
        <Title order={2} size="h3">
          Latest deployments
        </Title>
        {feed.dataUpdatedAt > 0 ? (
          <Text size="xs" c="dimmed" aria-live="polite">
            Updated {new Date(feed.dataUpdatedAt).toLocaleTimeString()}
          </Text>
        ) : null}
      </Group>
      {feed.isPending ? (
        <LoadingLines label="Loading the latest deployments" />
      ) : feed.isError ? (
        <QueryError
          title="Could not load the latest deployments"
          error={feed.error}
          retry={() => void feed.refetch()}
          retrying={feed.isFetching}
        />
      ) : feed.data.items.length === 0 ? (
        <EmptyState icon={<IconRocket aria-hidden />}>No deployment reported yet.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Latest deployments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Component</Table.Th>
                <Table.Th>Environment</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {feed.data.items.map(deployment => (
                <Table.Tr key={deployment.id}>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(deployment.reportedAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <EntityRefLink entityRef={deployment.entityRef} defaultKind="component" />
                  </Table.Td>
                  <Table.Td>
                    {deployment.environment}
                    {deployment.target ? ` / ${deployment.target}` : ''}
                  </Table.Td>
                  <Table.Td>
                    <Code>{deployment.version}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Badge
                        color={deploymentStatusColors[deployment.status]}
                        variant="light"
                        size="xs"
                      >
                        {deployment.status.replace('_', ' ')}
                      </Badge>
                      {deployment.url ? (
                        <ExternalLink href={deployment.url}>run</ExternalLink>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
