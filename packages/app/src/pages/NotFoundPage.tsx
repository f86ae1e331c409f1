import { pageTitle } from '@callboard/plugin-api/frontend';
import { Button, Code, EmptyState } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router-dom';

/** Any path no plugin claims. */
export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <EmptyState
      mt="xl"
      icon={<IconMapQuestion size={36} stroke={1.5} aria-hidden />}
      withIndicatorBackground
      size="lg"
    >
      <title>{pageTitle('Page not found')}</title>
      <EmptyState.Title order={1}>Page not found</EmptyState.Title>
      <EmptyState.Description>
        There is no page at <Code>{pathname}</Code>. It may have moved, or the plugin that served it
        is not installed.
      </EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} to="/">
          Go to the home page
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
