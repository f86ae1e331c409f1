import {
  Autocomplete,
  Badge,
  Button,
  CopyButton,
  Group,
  List,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconShieldCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { stringifyEntityRef } from '@callboard/catalog-model';
import { formatDateTime } from '@callboard/plugin-api/frontend';
import { catalogKeys, humanizeEntityRef, queryEntities } from '@callboard/plugin-catalog/common';
import { EmptyState, EntityRefLink, LoadingLines, PageHeader, QueryError } from '@callboard/ui';
import type { ImpactResponse } from '../common';
import {
  countByOwner,
  countByTier,
  downloadText,
  impactCsv,
  impactFileName,
  impactMarkdown,
} from './impactExport';
import { impactQuery } from './queries';

/**
 * `/versions/impact`: "which environments run a vulnerable version of this service, and whom do
 * we warn?" The question lives in the query string (`?entity=…&range=…`), so the answer can be
 * shared as a link.
 */
export function VersionsImpactPage() {
  const [search, setSearch] = useSearchParams();
  const entityRef = search.get('entity') ?? '';
  const range = search.get('range') ?? '';
  const [entityDraft, setEntityDraft] = useState(entityRef);
  const [rangeDraft, setRangeDraft] = useState(range);
  const asked = entityRef !== '' && range !== '';
  const impact = useQuery({ ...impactQuery(entityRef, range), enabled: asked });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch({ entity: entityDraft.trim(), range: rangeDraft.trim() });
  };

  return (
    <Stack gap="lg">
      <PageHeader
        title="Impact of a version range"
        documentTitle={['Versions', 'Impact']}
        description="Pick a component and a range of its versions: where they run, who owns them and whom to warn."
      />
      <form onSubmit={submit} aria-label="Impact question">
        <Group gap="sm" align="flex-end">
          <EntityPicker value={entityDraft} onChange={setEntityDraft} />
          <TextInput
            label="Version range"
            placeholder="<2.3.1, >=1.0.0 <1.4.2, 2.x or 2.3.0"
            value={rangeDraft}
            onChange={event => setRangeDraft(event.currentTarget.value)}
            required
            w={{ base: '100%', sm: 260 }}
          />
          <Button type="submit">Show impact</Button>
        </Group>
      </form>
      {!asked ? (
        <EmptyState icon={<IconShieldCheck aria-hidden />}>
          Name a component and a semver range to see the environments running a version in it.
        </EmptyState>
      ) : impact.isPending ? (
        <LoadingLines label="Loading the impact" />
      ) : impact.isError ? (
        <QueryError
          title="Could not answer for this component and range"
          error={impact.error}
          retry={() => void impact.refetch()}
          retrying={impact.isFetching}
        />
      ) : (
        <ImpactAnswer entityRef={entityRef} range={range} impact={impact.data} />
      )}
    </Stack>
  );
}

/** Components by name or title, from the catalog; the value is the full entity ref. */
function EntityPicker(props: { value: string; onChange: (value: string) => void }) {
  const [term] = useDebouncedValue(props.value.trim(), 250);
  const matches = useQuery({
    queryKey: [...catalogKeys.all, 'versions-impact-picker', term],
    queryFn: ({ signal }) =>
      queryEntities(
        {
          filter: ['kind=component'],
          fullTextFilterTerm: term,
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'metadata.title'],
          limit: 10,
          totalItems: 'exclude',
        },
        signal,
      ),
    staleTime: 60_000,
  });
  const options = (matches.data?.items ?? []).map(entity => ({
    value: stringifyEntityRef(entity),
    label: stringifyEntityRef(entity),
  }));
  return (
    <Autocomplete
      label="Component"
      placeholder="payments"
      value={props.value}
      onChange={props.onChange}
      data={options}
      required
      w={{ base: '100%', sm: 300 }}
      filter={({ options: all }) => all}
    />
  );
}

function ImpactAnswer(props: { entityRef: string; range: string; impact: ImpactResponse }) {
  const { impact } = props;
  const download = (extension: 'csv' | 'json') =>
    downloadText(
      impactFileName(props.entityRef, props.range, extension),
      extension === 'csv' ? 'text/csv' : 'application/json',
      extension === 'csv' ? impactCsv(impact) : JSON.stringify(impact, null, 2) + '\n',
    );
  return (
    <Stack gap="lg">
      <Group justify="space-between" gap="sm">
        <Text fw={500}>
          {impact.items.length === 0
            ? `No environment runs a version of ${humanizeEntityRef(props.entityRef)} in ${props.range}.`
            : `${impact.items.length} place${impact.items.length === 1 ? '' : 's'} run${impact.items.length === 1 ? 's' : ''} a version of ${humanizeEntityRef(props.entityRef)} in ${props.range}.`}
        </Text>
        <Group gap="xs">
          <CopyButton value={impactMarkdown(props, impact)}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy as Markdown'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={() => download('csv')}>
            Download CSV
          </Button>
          <Button size="xs" variant="default" onClick={() => download('json')}>
            Download JSON
          </Button>
        </Group>
      </Group>
      {impact.items.length > 0 ? (
        <>
          <Group gap="xl" align="flex-start">
            <Counts title="Per environment tier" counts={countByTier(impact.items)} />
            <Counts
              title="Per team"
              counts={countByOwner(impact.items).map(([owner, count]) => [
                humanizeEntityRef(owner, { defaultKind: 'group' }),
                count,
              ])}
            />
          </Group>
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Affected environments">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Environment</Table.Th>
                  <Table.Th>Target</Table.Th>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Deployed</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Contacts</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {impact.items.map(item => (
                  <Table.Tr key={`${item.environment}/${item.target ?? ''}`}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm">{item.environment}</Text>
                        <Badge variant="light" size="xs">
                          {item.tier}
                        </Badge>
                      </Group>
                    </Table.Td>
                    <Table.Td>{item.target ?? '—'}</Table.Td>
                    <Table.Td>{item.version}</Table.Td>
                    <Table.Td>{formatDateTime(item.deployedAt)}</Table.Td>
                    <Table.Td>
                      {item.owner ? (
                        <EntityRefLink entityRef={item.owner} defaultKind="group" />
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {item.contacts.map(contact => contact.value).join(', ') || '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      ) : null}
      {impact.unknown.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h4">
            Unknown
          </Title>
          <Text size="sm" c="dimmed">
            Where it cannot be said whether an affected version runs: check these by hand.
          </Text>
          <List size="sm">
            {impact.unknown.map(place => (
              <List.Item key={`${place.environment}/${place.target ?? ''}`}>
                {place.target ? `${place.environment} / ${place.target}` : place.environment}
                {place.version ? ` (${place.version})` : ''}: {place.reason}
              </List.Item>
            ))}
          </List>
        </Stack>
      ) : null}
    </Stack>
  );
}

function Counts(props: { title: string; counts: Array<[string, number]> }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {props.title}
      </Text>
      {props.counts.map(([name, count]) => (
        <Text size="sm" key={name}>
          {name}: {count}
        </Text>
      ))}
    </Stack>
  );
}
