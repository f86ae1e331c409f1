import { Badge, Card, Group, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

/**
 * The frame of an overview card: a bordered section named by its heading, so screen readers
 * list it as a region and tests find it by name.
 */
export function EntityCard(props: {
  title: string;
  /** Shown beside the title, e.g. a count. */
  count?: number;
  actions?: ReactNode;
  /** Red border for cards that report something wrong. */
  tone?: 'danger' | 'warning';
  children: ReactNode;
}) {
  const id = useId();
  const borderColor =
    props.tone === 'danger'
      ? 'var(--mantine-color-red-outline)'
      : props.tone === 'warning'
        ? 'var(--mantine-color-yellow-outline)'
        : undefined;
  return (
    <Card
      withBorder
      padding="lg"
      component="section"
      aria-labelledby={id}
      h="100%"
      style={borderColor ? { borderColor, borderWidth: 2 } : undefined}
    >
      <Group justify="space-between" gap="xs" mb="md" wrap="nowrap" align="center">
        <Group gap="xs" wrap="nowrap">
          <Title order={2} size="h4" id={id}>
            {props.title}
          </Title>
          {props.count !== undefined ? (
            <Badge variant="default" radius="sm" aria-label={`${props.count} in total`}>
              {props.count}
            </Badge>
          ) : null}
        </Group>
        {props.actions}
      </Group>
      {props.children}
    </Card>
  );
}
