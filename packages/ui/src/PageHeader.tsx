import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { pageTitle } from '@callboard/plugin-api/frontend';

/**
 * A page's heading: the one `h1`, the browser tab's title, an optional sentence under it and
 * actions on the right.
 */
export function PageHeader(props: {
  title: string;
  /** The browser tab's title parts when they differ from the heading (`['Tasks', 'Create']`). */
  documentTitle?: string[];
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" gap="sm">
      <title>{pageTitle(...(props.documentTitle ?? [props.title]))}</title>
      <Stack gap={4} style={{ minWidth: 0 }}>
        <Title order={1} style={{ overflowWrap: 'anywhere' }}>
          {props.title}
        </Title>
        {props.description ? (
          <Text c="dimmed" maw={760}>
            {props.description}
          </Text>
        ) : null}
      </Stack>
      {props.actions}
    </Group>
  );
}
