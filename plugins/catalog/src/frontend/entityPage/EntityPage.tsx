import { stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import { Alert, Center, Code, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { QueryError } from '@callboard/ui';
import { EntityNotFound } from './EntityNotFound';
import { EntityTabs } from './EntityTabs';
import { EntityHeader } from './header/EntityHeader';
import { isNotFound, pageTitle } from '@callboard/plugin-api/frontend';
import { entityQuery } from './queries';

/**
 * `/catalog/:namespace/:kind/:name/*`: one entity's header and its tabs. The kind in the URL is
 * lower-case; the catalog matches the whole ref case-insensitively.
 */
export function EntityPage() {
  const params = useParams();
  const urlRef = {
    kind: params.kind ?? '',
    namespace: params.namespace ?? '',
    name: params.name ?? '',
  };
  const ref = stringifyEntityRef(urlRef);
  const query = useQuery(entityQuery(ref));

  if (query.isPending) {
    return (
      <Center role="status" mih={240}>
        <title>{pageTitle(urlRef.name)}</title>
        <Stack align="center" gap="sm">
          <Loader aria-hidden />
          <Text size="sm" c="dimmed">
            Loading {urlRef.kind} {urlRef.name}…
          </Text>
        </Stack>
      </Center>
    );
  }

  if (query.isError && !query.data) {
    return (
      <QueryError
        title="Could not load this entity"
        error={query.error}
        notFound={<EntityNotFound entityRef={ref} />}
        context={
          <>
            <title>{pageTitle('Error')}</title>
            While loading <Code>{ref}</Code>. Try again; if it keeps failing, the server&apos;s log
            says more.
          </>
        }
        retrying={query.isFetching}
        retry={() => void query.refetch()}
      />
    );
  }

  return <EntityView entity={query.data} urlRef={urlRef} refetchError={query.error} />;
}

function EntityView(props: {
  entity: Entity;
  urlRef: { kind: string; namespace: string; name: string };
  refetchError: Error | null;
}) {
  return (
    <Stack gap="lg">
      <title>{pageTitle(props.entity.metadata.name)}</title>
      <EntityHeader entity={props.entity} />
      {props.refetchError ? (
        <Alert color="yellow" variant="light" role="alert" title="Showing an older version">
          {isNotFound(props.refetchError)
            ? 'The catalog no longer has this entity: it was removed after this page loaded.'
            : `Loading the latest version failed: ${props.refetchError.message}`}
        </Alert>
      ) : null}
      <EntityTabs entity={props.entity} urlRef={props.urlRef} />
    </Stack>
  );
}
