import { Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import type { Hovered } from './GraphCanvas';
import { nodeDisplayName } from './nodeLabels';
import { KindSwatch } from './KindSwatch';

const cardWidth = 280;
const gap = 8;

/**
 * The hover card of a node: what it is and where clicking leads. Drawn over the canvas (the
 * canvas has no DOM for its nodes); screen readers get the same facts from the relation list.
 */
export function NodeDetails(props: Hovered) {
  const { node } = props;
  const left = Math.min(
    Math.max(props.centerX - cardWidth / 2, gap),
    Math.max(props.viewWidth - cardWidth - gap, gap),
  );
  // Below the node unless that leaves no room; then above it.
  const below = props.bottom + 150 < props.viewHeight || props.top < 150;
  return (
    <Paper
      shadow="md"
      withBorder
      p="sm"
      radius="md"
      pos="absolute"
      w={cardWidth}
      left={left}
      top={below ? props.bottom + gap : undefined}
      bottom={below ? undefined : props.viewHeight - props.top + gap}
      style={{ pointerEvents: 'none', zIndex: 2 }}
      aria-hidden
    >
      <Stack gap={6}>
        <Group gap={6} wrap="nowrap">
          <KindSwatch kind={node.kind} missing={node.missing} />
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.4 }}>
            {node.kind}
            {node.type ? ` · ${node.type}` : ''}
          </Text>
          {node.root ? (
            <Badge size="xs" variant="light" ml="auto">
              this entity
            </Badge>
          ) : null}
        </Group>
        <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {nodeDisplayName(node)}
        </Text>
        <Code style={{ overflowWrap: 'anywhere', fontSize: 11 }}>{node.id}</Code>
        {node.description ? (
          <Text size="xs" lineClamp={3}>
            {node.description}
          </Text>
        ) : null}
        <Text size="xs" c="dimmed">
          {node.missing
            ? 'A relation points here, but the catalog has no such entity.'
            : node.root
              ? 'The entity this graph starts from.'
              : 'Click to open its page.'}
        </Text>
      </Stack>
    </Paper>
  );
}
