import { Alert, Button, Code, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { pageTitle, statusCodeOf } from '@callboard/plugin-api/frontend';

/** Loading the entity failed for a reason other than "not found": say why and offer a retry. */
export function EntityLoadError(props: {
  entityRef: string;
  error: Error;
  retrying: boolean;
  retry: () => void;
}) {
  const statusCode = statusCodeOf(props.error);
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title="Could not load this entity"
      icon={<IconAlertTriangle aria-hidden />}
      maw={720}
    >
      <title>{pageTitle('Error')}</title>
      <Text size="sm">{props.error.message}</Text>
      <Text size="xs" c="dimmed" mt={4}>
        While loading <Code>{props.entityRef}</Code>
        {statusCode !== undefined ? `; the server answered with HTTP ${statusCode}` : ''}. Try
        again; if it keeps failing, the server's log says more.
      </Text>
      <Button size="xs" color="red" mt="md" loading={props.retrying} onClick={props.retry}>
        Retry
      </Button>
    </Alert>
  );
}
