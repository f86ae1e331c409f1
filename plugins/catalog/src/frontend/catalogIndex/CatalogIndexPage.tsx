import { Alert, Button, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconCircleCheck, IconFileImport } from '@tabler/icons-react';
import { useCallback, useMemo, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { CatalogFilters } from './CatalogFilters';
import { CatalogResults } from './CatalogResults';
import {
  readCatalogState,
  withKind,
  writeCatalogState,
  type CatalogState,
} from './catalogSearchParams';
import { KindPicker } from './KindPicker';
import { kindOptions } from './kindOptions';
import { facetsQuery } from './queries';
import { PageHeader } from '@callboard/ui';

/**
 * `/catalog`: every entity, a page at a time. Filtering, sorting and paging happen on the server
 * (a catalog may hold 100,000 entities; the browser only ever holds one page), and all of it is
 * in the URL.
 */
export function CatalogIndexPage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readCatalogState(params), [params]);
  const update = useCallback(
    (next: CatalogState, options?: { replace?: boolean }) =>
      setParams(writeCatalogState(next), { replace: options?.replace }),
    [setParams],
  );
  const kinds = useQuery(facetsQuery(['kind']));
  // What the page that sent us here did (an entity deleted, a location unregistered).
  const sentNotice = (useLocation().state as { notice?: unknown } | null)?.notice;
  const [notice, setNotice] = useState(typeof sentNotice === 'string' ? sentNotice : undefined);

  return (
    <Stack gap="lg">
      {notice ? (
        <Alert
          color="green"
          variant="light"
          role="status"
          icon={<IconCircleCheck aria-hidden />}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setNotice(undefined)}
        >
          {notice}
        </Alert>
      ) : null}
      <PageHeader
        title="Catalog"
        description="The software, APIs, resources, teams and people your repositories describe."
        actions={
          <Button
            component={Link}
            to="/catalog-import"
            leftSection={<IconFileImport size={16} aria-hidden />}
          >
            Register a repository
          </Button>
        }
      />
      <Stack gap={6}>
        <KindPicker
          value={state.kind}
          options={kindOptions(kinds.data?.kind)}
          onChange={kind => update(withKind(state, kind))}
        />
        {kinds.isError ? (
          <Text size="xs" c="var(--mantine-color-error)">
            Could not count entities by kind: {kinds.error.message}
          </Text>
        ) : null}
      </Stack>
      <CatalogFilters state={state} onChange={update} />
      <CatalogResults state={state} onChange={update} />
    </Stack>
  );
}
