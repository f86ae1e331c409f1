import { Alert, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** Placeholder lines the height of the content to come, so the card does not jump when it loads. */
export function WidgetLoading(props: { label: string; rows?: number }) {
  return (
    <Stack gap="sm" role="status" aria-label={props.label}>
      {Array.from({ length: props.rows ?? 4 }, (_, index) => (
        <Skeleton key={index} height={14} width={index % 2 === 0 ? '85%' : '65%'} />
      ))}
    </Stack>
  );
}

export function WidgetError(props: {
  title: string;
  error: Error;
  retrying: boolean;
  retry: () => void;
}) {
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={props.title}
      icon={<IconAlertTriangle aria-hidden />}
    >
      <Text size="sm">{props.error.message}</Text>
      <Button size="xs" color="red" mt="sm" loading={props.retrying} onClick={props.retry}>
        Retry
      </Button>
    </Alert>
  );
}

export function WidgetEmpty(props: { icon: ReactNode; children: ReactNode; action?: ReactNode }) {
  return (
    <Stack gap="sm" align="flex-start">
      <Group gap="xs" wrap="nowrap" c="dimmed" align="flex-start">
        <span aria-hidden style={{ display: 'flex', marginTop: 2 }}>
          {props.icon}
        </span>
        <Text size="sm">{props.children}</Text>
      </Group>
      {props.action}
    </Stack>
  );
}
