import { Center, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';

/** How long a load may take before we show a spinner: fast loads should not flash one. */
const showAfterMs = 150;

/** The loading state of a whole page (a route chunk or a page's first query). */
export function PageLoader(props: { label?: string }) {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setVisible(true), showAfterMs);
    return () => window.clearTimeout(timer);
  }, []);
  const label = props.label ?? 'Loading…';
  return (
    <Center role="status" mih={240} style={{ visibility: visible ? 'visible' : 'hidden' }}>
      <Stack align="center" gap="sm">
        <Loader size="md" aria-hidden />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}
