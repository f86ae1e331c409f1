import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { isNotFound, statusCodeOf } from '@callboard/plugin-api/frontend';

export interface QueryErrorProps {
  /** What failed, as a heading: "Could not load the templates". */
  title: string;
  error: Error;
  /** Offers a Retry button; `retrying` shows it busy while the retry runs. */
  retry?: () => void;
  retrying?: boolean;
  /** Shown instead of the alert when the server answered 404 (e.g. "No such entity"). */
  notFound?: ReactNode;
  /** Where it happened or what to do next, under the server's message. */
  context?: ReactNode;
  /** More actions beside Retry. */
  children?: ReactNode;
  /** Cards and widgets drop the width cap a page-level alert has. */
  compact?: boolean;
}

/**
 * A request failed: the server's own message (typed errors carry it), the status it answered
 * with, and a retry. The one error state of every plugin's pages, so they read and behave alike.
 */
export function QueryError(props: QueryErrorProps) {
  if (props.notFound !== undefined && isNotFound(props.error)) return <>{props.notFound}</>;
  const statusCode = statusCodeOf(props.error);
  const actions = props.retry || props.children;
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={props.title}
      icon={<IconAlertTriangle aria-hidden />}
      maw={props.compact ? undefined : 720}
    >
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {props.error.message}
      </Text>
      {statusCode !== undefined || props.context ? (
        <Text size="xs" c="dimmed" mt={4}>
          {props.context}
          {props.context && statusCode !== undefined ? ' ' : ''}
          {statusCode !== undefined ? `The server answered with HTTP ${statusCode}.` : ''}
        </Text>
      ) : null}
      {actions ? (
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
