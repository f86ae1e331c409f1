import type { Entity } from '@callboard/catalog-model';
import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { EntityCard } from '../components/EntityCard';
import { EntityRefLink } from '@callboard/ui';
import { compareRelationTypes, relationLabel } from '../lib/relationLabels';

/** Longer groups show this many targets until the reader asks for all. */
const collapsedCount = 6;

/** The entity's relations, grouped by type in words, each target a link to its page. */
export function RelationsCard(props: { entity: Entity }) {
  const byType = new Map<string, string[]>();
  for (const relation of props.entity.relations ?? []) {
    const targets = byType.get(relation.type) ?? [];
    if (!targets.includes(relation.targetRef)) targets.push(relation.targetRef);
    byType.set(relation.type, targets);
  }
  const types = [...byType.keys()].sort(compareRelationTypes);
  const total = [...byType.values()].reduce((sum, targets) => sum + targets.length, 0);

  return (
    <EntityCard title="Relations" count={total}>
      {types.length === 0 ? (
        <Text size="sm" c="dimmed">
          This entity has no relations. They come from fields such as <code>spec.owner</code>,{' '}
          <code>spec.dependsOn</code> and <code>spec.providesApis</code>.
        </Text>
      ) : (
        <Stack gap="md">
          {types.map(type => (
            <RelationGroup
              key={type}
              label={relationLabel(type)}
              targets={[...(byType.get(type) ?? [])].sort()}
            />
          ))}
        </Stack>
      )}
    </EntityCard>
  );
}

function RelationGroup(props: { label: string; targets: string[] }) {
  const [expanded, setExpanded] = useState(false);
  const headingId = useId();
  const listId = useId();
  const shown = expanded ? props.targets : props.targets.slice(0, collapsedCount);
  const hidden = props.targets.length - shown.length;
  return (
    <Stack gap={4} component="section" aria-labelledby={headingId}>
      <Group gap={6}>
        <Title order={3} size="h6" id={headingId}>
          {props.label}
        </Title>
        <Badge size="sm" variant="light" color="gray" radius="sm" aria-hidden>
          {props.targets.length}
        </Badge>
      </Group>
      <Group id={listId} component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
        {shown.map(target => (
          <li key={target}>
            <EntityRefLink entityRef={target} />
          </li>
        ))}
      </Group>
      {props.targets.length > collapsedCount ? (
        <Button
          variant="subtle"
          size="compact-xs"
          w="fit-content"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded(value => !value)}
        >
          {expanded ? 'Show fewer' : `Show all ${props.targets.length} (${hidden} more)`}
        </Button>
      ) : null}
    </Stack>
  );
}
