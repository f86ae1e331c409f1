import { Box, Group, Text, useComputedColorScheme, useMantineTheme } from '@mantine/core';
import type { ReactNode } from 'react';
import { canvasColors, relationColor } from './graphColors';
import type { EntityGraph } from './loadEntityGraph';
import { KindSwatch } from './KindSwatch';
import { relationKinds } from './relationTypes';

/** What the colours mean: the kinds and relation types this graph has, nothing more. */
export function GraphLegend(props: { graph: EntityGraph }) {
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const kinds = [...new Set(props.graph.nodes.filter(n => !n.missing).map(n => n.kind))].sort();
  const types = new Set(props.graph.edges.map(edge => edge.type));
  const hasMissing = props.graph.nodes.some(node => node.missing);
  return (
    <Group
      component="ul"
      aria-label="Legend"
      gap="md"
      m={0}
      p={0}
      style={{ listStyle: 'none', rowGap: 6 }}
    >
      <LegendItem label="this entity">
        <Box
          aria-hidden
          w={18}
          h={12}
          style={{
            borderRadius: 3,
            border: `3px solid var(--mantine-color-text)`,
            boxShadow: `0 0 0 3px ${canvasColors(theme, scheme).highlight}`,
          }}
        />
      </LegendItem>
      {kinds.map(kind => (
        <LegendItem key={kind} label={kind}>
          <KindSwatch kind={kind} />
        </LegendItem>
      ))}
      {hasMissing ? (
        <LegendItem label="not in the catalog">
          <KindSwatch kind="" missing />
        </LegendItem>
      ) : null}
      {relationKinds
        .filter(kind => types.has(kind.forward))
        .map(kind => (
          <LegendItem key={kind.forward} label={kind.label}>
            <Arrow color={relationColor(theme, scheme, kind.forward)} />
          </LegendItem>
        ))}
    </Group>
  );
}

function LegendItem(props: { label: string; children: ReactNode }) {
  return (
    <Group component="li" gap={6} wrap="nowrap">
      {props.children}
      <Text span size="xs">
        {props.label}
      </Text>
    </Group>
  );
}

function Arrow(props: { color: string }) {
  return (
    <svg width="28" height="10" viewBox="0 0 28 10" aria-hidden style={{ flex: 'none' }}>
      <line x1="1" y1="5" x2="21" y2="5" stroke={props.color} strokeWidth="2" />
      <path d="M20 1 L27 5 L20 9 Z" fill={props.color} />
    </svg>
  );
}
