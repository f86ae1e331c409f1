import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { statusCodeOf } from '@callboard/plugin-api/frontend';

/** A request failed: the server's own message, the status it answered with, and a retry. */
export function LoadError(props: {
  title: string;
  error: Error;
  retrying?: boolean;
  retry?: () => void;
  children?: ReactNode;
}) {
  const statusCode = statusCodeOf(props.error);
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={props.title}
      icon={<IconAlertTriangle aria-hidden />}
      maw={720}
    >
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {props.error.message}
      </Text>
      {statusCode !== undefined ? (
        <Text size="xs" c="dimmed" mt={4}>
          The server answered with HTTP {statusCode}.
        </Text>
      ) : null}
      {props.retry || props.children ? (
        <Group gap="xs" mt="md">
          {props.retry ? (
            <Button size="xs" color="red" loading={props.retrying} onClick={props.retry}>
              Retry
            </Button>
          ) : null}
          {props.children}
        </Group>
      ) : null}
    </Alert>
  );
}
