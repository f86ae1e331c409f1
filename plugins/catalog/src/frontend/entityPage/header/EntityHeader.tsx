import type { Entity } from '@callboard/catalog-model';
import { Anchor, Badge, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { EntityKindBadge, EntityRefLink } from '@callboard/ui';
import {
  displayEntityRef,
  entityDisplayTitle,
  entityNamespace,
  specString,
} from '../lib/entityFacts';
import { EntityMenu } from './EntityMenu';
import { HeaderNotice, type Notice } from './HeaderNotice';
import { RefreshButton } from './RefreshButton';

/** Title, kind, type, lifecycle, owner and tags of the entity, with its actions. */
export function EntityHeader(props: { entity: Entity }) {
  const { entity } = props;
  const [notice, setNotice] = useState<Notice | null>(null);
  const type = specString(entity, 'type');
  const lifecycle = specString(entity, 'lifecycle');
  const owner = specString(entity, 'owner');
  const kindPath = entity.kind.toLocaleLowerCase('en-US');
  const tags = entity.metadata.tags ?? [];

  return (
    <Stack gap="xs" component="header">
      <Breadcrumbs separator="›" fz="sm">
        <Anchor component={Link} to="/catalog" size="sm">
          Catalog
        </Anchor>
        <Anchor component={Link} to={`/catalog?kind=${encodeURIComponent(kindPath)}`} size="sm">
          {entity.kind}
        </Anchor>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={6} style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {entityDisplayTitle(entity)}
          </Title>
          <Text size="sm" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
            {displayEntityRef(entity)}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <RefreshButton entity={entity} onNotice={setNotice} />
          <EntityMenu entity={entity} onNotice={setNotice} />
        </Group>
      </Group>
      <Group gap="xl" component="dl" m={0} align="center">
        <HeaderFact label="Kind">
          <EntityKindBadge kind={entity.kind} />
        </HeaderFact>
        {type ? (
          <HeaderFact label="Type">
            <Badge variant="light" radius="sm" tt="none">
              {type}
            </Badge>
          </HeaderFact>
        ) : null}
        {lifecycle ? (
          <HeaderFact label="Lifecycle">
            <Badge variant="light" color={lifecycleColor(lifecycle)} radius="sm" tt="none">
              {lifecycle}
            </Badge>
          </HeaderFact>
        ) : null}
        {owner ? (
          <HeaderFact label="Owner">
            <EntityRefLink
              entityRef={owner}
              defaultKind="group"
              defaultNamespace={entityNamespace(entity)}
            />
          </HeaderFact>
        ) : null}
        {tags.length > 0 ? (
          <HeaderFact label="Tags">
            <Group gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
              {tags.map(tag => (
                <li key={tag}>
                  <Badge variant="outline" color="gray" radius="sm" tt="none" fw={500}>
                    {tag}
                  </Badge>
                </li>
              ))}
            </Group>
          </HeaderFact>
        ) : null}
      </Group>
      <HeaderNotice notice={notice} onClose={() => setNotice(null)} />
    </Stack>
  );
}

function HeaderFact(props: { label: string; children: ReactNode }) {
  return (
    <Group gap={8} wrap="nowrap" align="center">
      <Text component="dt" size="sm" c="dimmed">
        {props.label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {props.children}
      </Text>
    </Group>
  );
}

/** Lifecycles are free text; the usual ones get colours that hint at them. */
function lifecycleColor(lifecycle: string): string {
  switch (lifecycle.toLowerCase()) {
    case 'production':
      return 'green';
    case 'experimental':
      return 'orange';
    case 'deprecated':
      return 'red';
    default:
      return 'gray';
  }
}
