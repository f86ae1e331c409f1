import { Alert, Button, Center, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useRouteError } from 'react-router-dom';
import { appTitle } from '@callboard/plugin-api/frontend';

/** Last resort, when the frame itself (header, sidebar) crashed: offer a way back. */
export function RootError() {
  const error = useRouteError();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Center mih="100vh" p="md">
      <Alert
        color="red"
        variant="light"
        role="alert"
        title={`${appTitle()} hit an error`}
        icon={<IconAlertTriangle aria-hidden />}
        maw={640}
      >
        <Text size="sm">{message}</Text>
        <Group gap="sm" mt="md">
          <Button size="xs" color="red" onClick={() => window.location.reload()}>
            Reload page
          </Button>
          <Button size="xs" variant="default" component="a" href="/">
            Go to the home page
          </Button>
        </Group>
      </Alert>
    </Center>
  );
}
