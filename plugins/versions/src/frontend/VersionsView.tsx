import { Alert, Badge, Code, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { IconPackage } from '@tabler/icons-react';
import { formatDateTime } from '@callboard/plugin-api/frontend';
import { EmptyState, ExternalLink } from '@callboard/ui';
import type { EntityVersions, RunningVersion } from '../common';
import { deploymentStatusColors } from './statusColors';

/**
 * What runs where for one component: the environment × version matrix, drift in words, and the
 * releases with the environments running each.
 */
export function VersionsView(props: { versions: EntityVersions }) {
  const { environments, releases, drift, releasesProblem } = props.versions;
  const deployed = environments.some(environment => environment.targets.length > 0);
  return (
    <Stack gap="lg">
      {drift.length > 0 ? (
        <Alert color="yellow" title="Drift">
          <List size="sm">
            {drift.map(sentence => (
              <List.Item key={sentence}>{sentence}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      <Stack gap="xs">
        <Title order={3}>Environments</Title>
        {deployed ? (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Environment</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>Deployed</Table.Th>
                <Table.Th>Previous</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {environments.flatMap(environment =>
                (environment.targets.length > 0
                  ? environment.targets
                  : [{ target: null, current: null, previous: null }]
                ).map(target => (
                  <Table.Tr key={`${environment.name}/${target.target ?? ''}`}>
                    <Table.Td>
                      <Group gap="xs">
                        <Text size="sm">{environment.name}</Text>
                        <Badge variant="light" size="xs">
                          {environment.tier}
                        </Badge>
                      </Group>
                    </Table.Td>
                    <Table.Td>{target.target ?? '—'}</Table.Td>
                    <Table.Td>
                      <Running running={target.current} />
                    </Table.Td>
                    <Table.Td>
                      {target.current ? formatDateTime(target.current.deployedAt) : '—'}
                    </Table.Td>
                    <Table.Td>{target.previous?.version ?? '—'}</Table.Td>
                  </Table.Tr>
                )),
              )}
            </Table.Tbody>
          </Table>
        ) : (
          <EmptyState icon={<IconPackage aria-hidden />}>
            No deployment reported yet. CI reports them to POST /api/versions/deployments.
          </EmptyState>
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={3}>Releases</Title>
        {releasesProblem ? (
          <Alert color="orange" title="Releases may be out of date">
            {releasesProblem}
          </Alert>
        ) : null}
        {releases.length > 0 ? (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>Commit</Table.Th>
                <Table.Th>Runs in</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {releases.map(release => (
                <Table.Tr key={release.version}>
                  <Table.Td>
                    <Code>{release.version}</Code>
                  </Table.Td>
                  <Table.Td>
                    {release.commit ? <Code>{release.commit.slice(0, 12)}</Code> : '—'}
                  </Table.Td>
                  <Table.Td>
                    {release.deployedTo.length > 0 ? release.deployedTo.join(', ') : 'nowhere'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            No release known: no semver tag in the source repository, and none reported.
          </Text>
        )}
      </Stack>
    </Stack>
  );
}

function Running(props: { running: RunningVersion | null }) {
  if (!props.running) return <Text size="sm">—</Text>;
  const { version, status, url } = props.running;
  return (
    <Group gap="xs">
      <Code>{version}</Code>
      <Badge color={deploymentStatusColors[status]} variant="light" size="xs">
        {status.replace('_', ' ')}
      </Badge>
      {url ? <ExternalLink href={url}>run</ExternalLink> : null}
    </Group>
  );
}
