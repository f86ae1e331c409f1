import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { FallbackProps } from 'react-error-boundary';
import { isChunkLoadError } from './isChunkLoadError';

/** Shown in place of a page that crashed or whose code failed to load; the shell stays usable. */
export function RouteError({ error, resetErrorBoundary }: FallbackProps) {
  const chunk = isChunkLoadError(error);
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={chunk ? 'This page could not be loaded' : 'This page failed'}
      icon={<IconAlertTriangle aria-hidden />}
      maw={720}
    >
      <Text size="sm">
        {chunk
          ? 'Its code did not download. The network may be down, or Callboard was updated since this tab opened.'
          : message}
      </Text>
      {chunk ? (
        <Text size="xs" c="dimmed" mt={4}>
          {message}
        </Text>
      ) : null}
      <Group gap="sm" mt="md">
        {chunk ? (
          // React.lazy remembers a failed import, so only a fresh page load tries it again.
          <Button size="xs" color="red" onClick={() => window.location.reload()}>
            Reload page
          </Button>
        ) : (
          <Button size="xs" color="red" onClick={resetErrorBoundary}>
            Retry
          </Button>
        )}
      </Group>
    </Alert>
  );
}
