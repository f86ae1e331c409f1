import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Nothing to show yet: an icon, a sentence saying why, and what to do about it. */
export function EmptyState(props: { icon: ReactNode; children: ReactNode; action?: ReactNode }) {
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
