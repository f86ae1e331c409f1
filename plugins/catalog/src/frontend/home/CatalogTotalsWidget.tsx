import { Anchor, Button, Group, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconFileImport, IconPackageOff } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { allKinds } from '../catalogIndex/catalogViews';
import { kindOptions } from '../catalogIndex/kindOptions';
import { facetsQuery } from '../catalogIndex/queries';
import { homeRefreshMs } from './queries';
import { EmptyState, LoadingLines, QueryError } from '@callboard/ui';

const numberFormat = new Intl.NumberFormat('en-US');

/** Home widget: how many entities of each kind the catalog holds, each a way into the table. */
export function CatalogTotalsWidget() {
  const query = useQuery({ ...facetsQuery(['kind']), refetchInterval: homeRefreshMs });

  if (query.isPending) return <LoadingLines label="Loading catalog totals" rows={3} />;
  if (query.isError) {
    return (
      <QueryError
        compact
        title="Could not count the catalog"
        error={query.error}
        retrying={query.isFetching}
        retry={() => void query.refetch()}
      />
    );
  }

  const options = kindOptions(query.data.kind);
  const all = options.find(option => option.value === allKinds);
  const kinds = options.filter(option => option.value !== allKinds && (option.count ?? 0) > 0);
  if (kinds.length === 0) {
    return (
      <EmptyState
        icon={<IconPackageOff size={18} stroke={1.75} />}
        action={
          <Button
            size="xs"
            component={Link}
            to="/catalog-import"
            leftSection={<IconFileImport size={14} aria-hidden />}
          >
            Register a repository
          </Button>
        }
      >
        The catalog is empty. Register a repository with a catalog-info.yaml to fill it.
      </EmptyState>
    );
  }

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, xs: 3 }} spacing="xs" component="ul" m={0} p={0}>
        {kinds.map(kind => (
          <li key={kind.value} style={{ listStyle: 'none' }}>
            <UnstyledButton
              component={Link}
              to={`/catalog?kind=${encodeURIComponent(kind.value)}`}
              p="xs"
              w="100%"
              style={{
                display: 'block',
                borderRadius: 'var(--mantine-radius-md)',
                border: '1px solid var(--mantine-color-default-border)',
              }}
              aria-label={`${numberFormat.format(kind.count ?? 0)} ${kind.label}`}
            >
              <Text fw={700} size="xl" lh={1.2}>
                {numberFormat.format(kind.count ?? 0)}
              </Text>
              <Text size="sm" c="dimmed">
                {kind.label}
              </Text>
            </UnstyledButton>
          </li>
        ))}
      </SimpleGrid>
      <Group justify="space-between" gap="xs">
        <Text size="sm" c="dimmed">
          {numberFormat.format(all?.count ?? 0)} entities in all
        </Text>
        <Anchor component={Link} to="/catalog" size="sm">
          Browse the catalog
        </Anchor>
      </Group>
    </Stack>
  );
}
