import { humanizeEntityRef } from '@callboard/plugin-catalog/common';
import { formatDateTime, formatRelativeTime } from '@callboard/plugin-api/frontend';
import {
  DebouncedTextFilter,
  EmptyState,
  EntityKindBadge,
  EntityRefLink,
  LoadingLines,
  PageHeader,
  QueryError,
} from '@callboard/ui';
import {
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconBook, IconFilterOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import type { DocsSiteSummary } from '../../common';
import { docsPagePath, docsSiteBasePath } from '../docsPaths';
import { docsSitesQuery } from '../queries';
import {
  distinctValues,
  filterSites,
  filtersFromSearch,
  searchFromFilters,
  type SiteFilters,
} from './siteFilters';

/** `/docs`: every documented entity, filtered by owner, kind and text. */
export function DocsIndexPage() {
  const query = useQuery(docsSitesQuery());
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const change = (next: SiteFilters) => setSearch(searchFromFilters(next), { replace: true });

  return (
    <Stack gap="lg" maw={1200}>
      <PageHeader
        title="Docs"
        description="The docs of every entity in the catalog, read from the repositories next to the code."
      />
      {query.isPending ? (
        <LoadingLines label="Loading the docs" rows={6} />
      ) : query.isError && !query.data ? (
        <QueryError
          title="Could not load the docs"
          error={query.error}
          retrying={query.isFetching}
          retry={() => void query.refetch()}
        />
      ) : query.data.items.length === 0 ? (
        <EmptyState icon={<IconBook size={20} stroke={1.5} />}>
          No entity has docs yet. An entity gets them with a <code>backstage.io/techdocs-ref</code>{' '}
          annotation (for example <code>dir:.</code>) and a <code>docs/</code> folder or{' '}
          <code>mkdocs.yml</code> beside its <code>catalog-info.yaml</code>.
        </EmptyState>
      ) : (
        <SiteList
          sites={query.data.items}
          filters={filters}
          onChange={change}
          asOf={query.dataUpdatedAt}
        />
      )}
    </Stack>
  );
}

function SiteList(props: {
  sites: readonly DocsSiteSummary[];
  filters: SiteFilters;
  onChange: (filters: SiteFilters) => void;
  asOf: number;
}) {
  const { filters, onChange } = props;
  const shown = filterSites(props.sites, filters);
  const owners = distinctValues(props.sites, 'owner');
  const kinds = distinctValues(props.sites, 'kind');
  const filtered = filters.text !== '' || filters.kind !== '' || filters.owner !== '';
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <DebouncedTextFilter
          label="Filter by text"
          placeholder="Title, name or owner"
          value={filters.text}
          onCommit={text => onChange({ ...filters, text })}
        />
        <Select
          label="Owner"
          placeholder="Any owner"
          data={owners.map(owner => ({
            value: owner,
            label: humanizeEntityRef(owner, { defaultKind: 'group' }),
          }))}
          value={filters.owner || null}
          onChange={owner => onChange({ ...filters, owner: owner ?? '' })}
          clearable
          searchable
        />
        <Select
          label="Kind"
          placeholder="Any kind"
          data={kinds}
          value={kinds.find(kind => kind.toLowerCase() === filters.kind.toLowerCase()) ?? null}
          onChange={kind => onChange({ ...filters, kind: kind ?? '' })}
          clearable
        />
      </SimpleGrid>
      <Text size="sm" c="dimmed" aria-live="polite">
        {shown.length === props.sites.length
          ? `${props.sites.length} documented ${props.sites.length === 1 ? 'entity' : 'entities'}`
          : `${shown.length} of ${props.sites.length} documented entities`}
      </Text>
      {shown.length === 0 ? (
        <EmptyState
          icon={<IconFilterOff size={20} stroke={1.5} />}
          action={
            filtered ? (
              <Button
                variant="default"
                size="xs"
                onClick={() => onChange({ text: '', kind: '', owner: '' })}
              >
                Clear filters
              </Button>
            ) : undefined
          }
        >
          No documented entity matches these filters.
        </EmptyState>
      ) : (
        <>
          <Box visibleFrom="sm">
            <SiteTable sites={shown} asOf={props.asOf} />
          </Box>
          <Box hiddenFrom="sm">
            <SiteCards sites={shown} asOf={props.asOf} />
          </Box>
        </>
      )}
    </Stack>
  );
}

function SiteTable(props: { sites: readonly DocsSiteSummary[]; asOf: number }) {
  return (
    // Scrolls sideways on a phone; focusable and named so keyboard users can scroll it.
    <Box role="region" aria-label="Documented entities" tabIndex={0} style={{ overflowX: 'auto' }}>
      <Table verticalSpacing="sm" highlightOnHover withTableBorder miw={760}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Docs</Table.Th>
            <Table.Th scope="col">Entity</Table.Th>
            <Table.Th scope="col">Owner</Table.Th>
            <Table.Th scope="col">Kind</Table.Th>
            <Table.Th scope="col">Last updated</Table.Th>
            <Table.Th scope="col">Problems</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.sites.map(site => {
            const updated = site.committedAt ?? site.builtAt;
            return (
              <Table.Tr key={site.entityRef}>
                <Table.Th scope="row" fw={500}>
                  <Anchor
                    component={Link}
                    to={docsPagePath(docsSiteBasePath(site), '')}
                    size="sm"
                    fw={500}
                  >
                    {site.siteTitle}
                  </Anchor>
                  {site.status !== 'ready' ? (
                    <Text size="xs" c="dimmed">
                      {statusLabels[site.status]}
                    </Text>
                  ) : null}
                </Table.Th>
                <Table.Td>
                  <EntityRefLink entityRef={site.entityRef} label={site.entityTitle} />
                </Table.Td>
                <Table.Td>
                  {site.owner ? (
                    <EntityRefLink entityRef={site.owner} defaultKind="group" />
                  ) : (
                    <Text span size="sm" c="dimmed">
                      no owner
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <EntityKindBadge kind={site.kind} variant="light" />
                </Table.Td>
                <Table.Td>
                  {updated ? (
                    <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>
                      <time dateTime={updated} title={formatDateTime(updated)}>
                        {formatRelativeTime(updated, props.asOf)}
                      </time>
                    </Text>
                  ) : (
                    <Text span size="sm" c="dimmed">
                      not built yet
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {site.problemCount > 0 ? (
                    <Badge color="yellow" variant="light" radius="sm" tt="none">
                      {site.problemCount === 1 ? '1 problem' : `${site.problemCount} problems`}
                    </Badge>
                  ) : (
                    <Text span size="sm" c="dimmed">
                      none
                    </Text>
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

/** On a phone: one card per site, the same facts stacked, rather than a table to scroll sideways. */
function SiteCards(props: { sites: readonly DocsSiteSummary[]; asOf: number }) {
  return (
    <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {props.sites.map(site => (
        <Card key={site.entityRef} withBorder padding="sm" component="li">
          <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <Anchor
              component={Link}
              to={docsPagePath(docsSiteBasePath(site), '')}
              fw={500}
              style={{ overflowWrap: 'anywhere' }}
            >
              {site.siteTitle}
            </Anchor>
            <EntityKindBadge kind={site.kind} variant="light" />
          </Group>
          <Group gap={6} mt={4}>
            <EntityRefLink entityRef={site.entityRef} label={site.entityTitle} />
            {site.owner ? (
              <>
                <Text span size="sm" c="dimmed">
                  owned by
                </Text>
                <EntityRefLink entityRef={site.owner} defaultKind="group" />
              </>
            ) : null}
          </Group>
          <Group gap="xs" mt={6}>
            <SiteUpdated site={site} asOf={props.asOf} />
            <ProblemCount count={site.problemCount} />
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

function SiteUpdated(props: { site: DocsSiteSummary; asOf: number }) {
  const updated = props.site.committedAt ?? props.site.builtAt;
  if (!updated) {
    return (
      <Text span size="sm" c="dimmed">
        {statusLabels[props.site.status]}
      </Text>
    );
  }
  return (
    <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>
      <time dateTime={updated} title={formatDateTime(updated)}>
        {formatRelativeTime(updated, props.asOf)}
      </time>
    </Text>
  );
}

function ProblemCount(props: { count: number }) {
  if (props.count === 0) return null;
  return (
    <Badge color="yellow" variant="light" radius="sm" tt="none">
      {props.count === 1 ? '1 problem' : `${props.count} problems`}
    </Badge>
  );
}

const statusLabels: Record<DocsSiteSummary['status'], string> = {
  none: 'no docs',
  pending: 'not built yet',
  building: 'building…',
  ready: 'ready',
  failed: 'the build failed',
};
