import { pageTitle } from '@callboard/plugin-api/frontend';
import { Button, Code, EmptyState } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link } from 'react-router-dom';

/** The catalog has no entity with this ref (never had, or it was removed). */
export function EntityNotFound(props: { entityRef: string }) {
  return (
    <EmptyState
      mt="xl"
      icon={<IconMapQuestion size={36} stroke={1.5} aria-hidden />}
      withIndicatorBackground
      size="lg"
    >
      <title>{pageTitle('Entity not found')}</title>
      <EmptyState.Title order={1}>Entity not found</EmptyState.Title>
      <EmptyState.Description>
        The catalog has no entity <Code>{props.entityRef}</Code>. It may have been renamed or
        removed from its catalog-info.yaml, or its location was unregistered.
      </EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} to="/catalog">
          Go to the catalog
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
