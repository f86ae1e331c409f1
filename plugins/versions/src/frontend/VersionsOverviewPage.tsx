import {
  Alert,
  Anchor,
  Badge,
  Code,
  Group,
  List,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconPackage } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '@callboard/plugin-api/frontend';
import { humanizeEntityRef } from '@callboard/plugin-catalog/common';
import { EmptyState, EntityRefLink, LoadingLines, PageHeader, QueryError } from '@callboard/ui';
import { environmentTierSchema, environmentTiers, type OverviewResponse } from '../common';
import { DeploymentFeed } from './DeploymentFeed';
import { overviewQuery } from './queries';

/**
 * `/versions`: the organisation at a glance. Every environment in order with what each component
 * runs there, the components whose environments drift apart, and the latest deployments live.
 * The filters live in the query string, so a filtered view can be shared.
 */
export function VersionsOverviewPage() {
  const [search, setSearch] = useSearchParams();
  const tierParam = environmentTierSchema.safeParse(search.get('tier'));
  const filters = {
    owner: search.get('owner') || undefined,
    system: search.get('system') || undefined,
    tier: tierParam.success ? tierParam.data : undefined,
  };
  const setFilter = (key: string, value: string | null) =>
    setSearch(
      previous => {
        const next = new URLSearchParams(previous);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  // The unfiltered overview names every owner and system the filters can offer.
  const everything = useQuery(overviewQuery({}));
  const overview = useQuery({ ...overviewQuery(filters), placeholderData: keepPreviousData });
  const options = (pick: (component: OverviewResponse['components'][number]) => string | null) =>
    [...new Set((everything.data?.components ?? []).map(pick).filter(value => value !== null))]
      .sort()
      .map(value => ({ value, label: humanizeEntityRef(value) }));

  return (
    <Stack gap="lg">
      <PageHeader
        title="Versions"
        description="Which version of each component runs in which environment, where environments drift apart, and what was deployed last."
        actions={
          <Anchor component={Link} to="/versions/impact">
            Impact of a version range
          </Anchor>
        }
      />
      <Group gap="sm" align="flex-end">
        <Select
          label="Owner"
          placeholder="Any owner"
          clearable
          data={options(component => component.owner)}
          value={filters.owner ?? null}
          onChange={value => setFilter('owner', value)}
        />
        <Select
          label="System"
          placeholder="Any system"
          clearable
          data={options(component => component.system)}
          value={filters.system ?? null}
          onChange={value => setFilter('system', value)}
        />
        <Select
          label="Tier"
          placeholder="Any tier"
          clearable
          data={[...environmentTiers]}
          value={filters.tier ?? null}
          onChange={value => setFilter('tier', value)}
        />
      </Group>
      {overview.isPending ? (
        <LoadingLines label="Loading the versions overview" />
      ) : overview.isError ? (
        <QueryError
          title="Could not load the versions overview"
          error={overview.error}
          retry={() => void overview.refetch()}
          retrying={overview.isFetching}
        />
      ) : (
        <OverviewTables overview={overview.data} />
      )}
      <DeploymentFeed />
    </Stack>
  );
}

function OverviewTables(props: { overview: OverviewResponse }) {
  const { environments, components } = props.overview;
  const drifting = components.filter(component => component.drift.length > 0);
  return (
    <>
      <Stack gap="xs">
        <Title order={2} size="h3">
          Environments
        </Title>
        {environments.length === 0 ? (
          <EmptyState icon={<IconPackage aria-hidden />}>
            No environment is configured: list them under versions.environments in app-config, or
            add Resource entities with spec.type environment.
          </EmptyState>
        ) : components.length === 0 ? (
          <EmptyState icon={<IconPackage aria-hidden />}>
            No deployment reported here yet. CI reports them to POST /api/versions/deployments.
          </EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Component</Table.Th>
                  {environments.map(environment => (
                    <Table.Th key={environment.name}>
                      <Group gap={6} wrap="nowrap">
                        <span>{environment.title}</span>
                        <Badge variant="light" size="xs">
                          {environment.tier}
                        </Badge>
                      </Group>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {components.map(component => (
                  <Table.Tr key={component.entityRef}>
                    <Table.Td>
                      <Stack gap={0}>
                        <EntityRefLink
                          entityRef={component.entityRef}
                          label={component.title ?? undefined}
                          defaultKind="component"
                        />
                        {component.owner ? (
                          <Text size="xs" c="dimmed">
                            {humanizeEntityRef(component.owner, { defaultKind: 'group' })}
                          </Text>
                        ) : null}
                      </Stack>
                    </Table.Td>
                    {environments.map(environment => (
                      <Table.Td key={environment.name}>
                        <Versions
                          places={component.places.filter(
                            place => place.environment === environment.name,
                          )}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {drifting.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h3">
            Drift
          </Title>
          <Alert color="yellow" variant="outline" p="sm">
            <List size="sm" spacing={4}>
              {drifting.map(component => (
                <List.Item key={component.entityRef}>
                  <EntityRefLink entityRef={component.entityRef} defaultKind="component" />:{' '}
                  {component.drift.join('; ')}
                </List.Item>
              ))}
            </List>
          </Alert>
        </Stack>
      ) : null}
    </>
  );
}

function Versions(props: { places: OverviewResponse['components'][number]['places'] }) {
  if (props.places.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {props.places.map(place => (
        <Group key={place.target ?? ''} gap={4} wrap="nowrap">
          <Code title={`Deployed ${formatDateTime(place.current.deployedAt)}`}>
            {place.current.version}
          </Code>
          {place.target ? (
            <Text size="xs" c="dimmed">
              {place.target}
            </Text>
          ) : null}
        </Group>
      ))}
    </Stack>
  );
}
