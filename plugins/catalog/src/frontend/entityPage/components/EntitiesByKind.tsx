import { Anchor, Badge, Group, Stack, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { kindFacetsQuery } from '../queries';
import { RelatedEntitiesList } from './RelatedEntitiesList';
import { QueryError } from '@callboard/ui';

/** The usual reading order of kinds; others follow alphabetically. */
const kindOrder = ['component', 'api', 'resource', 'system', 'domain', 'group', 'user', 'template'];

function kindRank(kind: string): number {
  const index = kindOrder.indexOf(kind.toLowerCase());
  return index === -1 ? kindOrder.length : index;
}

/**
 * Entities matching any of `filters`, grouped by kind: a tab per kind with its count (from the
 * facets endpoint, so counting stays cheap at any size), each listing that kind page by page.
 */
export function EntitiesByKind(props: {
  filters: readonly string[];
  /** Names the lists, e.g. "Owned entities". */
  label: string;
  empty: ReactNode;
  /** Where to see them all in the catalog table. */
  catalogLink?: { to: string; label: string };
}) {
  const facets = useQuery(kindFacetsQuery(props.filters));
  const kinds = [...(facets.data ?? [])]
    .filter(facet => facet.count > 0)
    .sort((a, b) => kindRank(a.value) - kindRank(b.value) || a.value.localeCompare(b.value));
  const [chosen, setChosen] = useState<string | null>(null);
  const active = kinds.find(kind => kind.value === chosen)?.value ?? kinds[0]?.value ?? null;

  if (facets.isPending) {
    return (
      <Text size="sm" c="dimmed" role="status">
        Counting {props.label.toLowerCase()}…
      </Text>
    );
  }
  if (facets.isError) {
    return (
      <QueryError
        compact
        title={`Could not count ${props.label.toLowerCase()}`}
        error={facets.error}
        retrying={facets.isFetching}
        retry={() => void facets.refetch()}
      />
    );
  }
  if (kinds.length === 0 || active === null) {
    return (
      <Text size="sm" c="dimmed">
        {props.empty}
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      <Tabs value={active} onChange={setChosen} variant="pills" radius="md">
        <Tabs.List aria-label={`${props.label} by kind`}>
          {kinds.map(kind => (
            <Tabs.Tab
              key={kind.value}
              value={kind.value}
              rightSection={
                <Badge
                  size="sm"
                  radius="sm"
                  variant={kind.value === active ? 'white' : 'light'}
                  color={kind.value === active ? 'dark' : 'gray'}
                  aria-label={`${kind.count} in total`}
                >
                  {kind.count}
                </Badge>
              }
            >
              {kind.value}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={active} pt="sm">
          <RelatedEntitiesList
            key={active}
            filters={props.filters.map(filter => `${filter},kind=${active}`)}
            label={`${props.label} of kind ${active}`}
            empty={props.empty}
          />
        </Tabs.Panel>
      </Tabs>
      {props.catalogLink ? (
        <Group justify="flex-end">
          <Anchor component={Link} to={props.catalogLink.to} size="sm">
            {props.catalogLink.label}
          </Anchor>
        </Group>
      ) : null}
    </Stack>
  );
}

/** The total over all kinds, for a card's heading. */
export function useKindTotal(filters: readonly string[]): number | undefined {
  const facets = useQuery(kindFacetsQuery(filters));
  return facets.data?.reduce((sum, facet) => sum + facet.count, 0);
}
