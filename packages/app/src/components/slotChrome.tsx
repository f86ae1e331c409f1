import { Alert, Button, Center, Loader, Text } from '@mantine/core';
import type { SlotChrome } from '@callboard/plugin-api/frontend';
import { IconAlertTriangle } from '@tabler/icons-react';
import { isChunkLoadError } from './isChunkLoadError';

function SlotLoading() {
  return (
    <Center role="status" py="md">
      <Loader size="sm" aria-hidden />
      <Text size="sm" c="dimmed" ml="sm">
        Loading…
      </Text>
    </Center>
  );
}

function SlotFailed(props: { contributionId: string; error: unknown; retry: () => void }) {
  const message = props.error instanceof Error ? props.error.message : String(props.error);
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={`“${props.contributionId}” failed`}
      icon={<IconAlertTriangle aria-hidden />}
    >
      <Text size="sm">{message}</Text>
      {isChunkLoadError(props.error) ? (
        // React.lazy remembers a failed import, so only a fresh page load tries it again.
        <Button size="xs" variant="default" mt="sm" onClick={() => window.location.reload()}>
          Reload page
        </Button>
      ) : (
        <Button size="xs" variant="default" mt="sm" onClick={props.retry}>
          Retry
        </Button>
      )}
    </Alert>
  );
}

/** The themed loading and failure states of slot contributions (`<Slot/>`). */
export const slotChrome: SlotChrome = { Loading: SlotLoading, Failed: SlotFailed };
