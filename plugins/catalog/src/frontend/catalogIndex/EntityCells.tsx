import { safeParseEntityRef, type Entity } from '@callboard/catalog-model';
import { Anchor, Badge, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router-dom';
import { entityPagePath, humanizeEntityRef } from '../../common';
import type { ColumnId } from './catalogViews';

/**
 * The cells of the catalog table. Entities arrive pruned to the requested fields, so every
 * field is read defensively: a YAML file may hold a number where a string belongs.
 */
export function EntityCell(props: { column: ColumnId; entity: Entity }) {
  const { entity } = props;
  switch (props.column) {
    case 'name':
      return <NameCell entity={entity} />;
    case 'kind':
      return <Text size="sm">{entity.kind}</Text>;
    case 'system':
      return <RefCell entity={entity} value={spec(entity, 'system')} defaultKind="system" />;
    case 'domain':
      return <RefCell entity={entity} value={spec(entity, 'domain')} defaultKind="domain" />;
    case 'owner':
      return <RefCell entity={entity} value={spec(entity, 'owner')} defaultKind="group" />;
    case 'type':
      return <PlainCell value={spec(entity, 'type')} />;
    case 'lifecycle':
      return <LifecycleCell value={spec(entity, 'lifecycle')} />;
    case 'email':
      return <EmailCell value={profile(entity, 'email')} />;
    case 'target':
      return <TargetCell entity={entity} />;
    case 'description':
      return <DescriptionCell value={text(entity.metadata.description)} />;
    case 'tags':
      return <TagsCell tags={entity.metadata.tags} />;
  }
}

function NameCell(props: { entity: Entity }) {
  const { entity } = props;
  const title = text(entity.metadata.title) ?? profile(entity, 'displayName');
  return (
    <Stack gap={0}>
      <Anchor component={Link} to={entityPagePath(entity)} fw={500} size="sm">
        {entity.metadata.name}
      </Anchor>
      {entity.metadata.namespace && entity.metadata.namespace !== 'default' ? (
        <Text size="xs" c="dimmed">
          in {entity.metadata.namespace}
        </Text>
      ) : null}
      {title && title !== entity.metadata.name ? (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {title}
        </Text>
      ) : null}
    </Stack>
  );
}

/** A reference to another entity (`spec.owner`, `spec.system`): linked, short when it can be. */
function RefCell(props: { entity: Entity; value: string | undefined; defaultKind: string }) {
  if (!props.value) return <Nothing />;
  const parsed = safeParseEntityRef(props.value, {
    defaultKind: props.defaultKind,
    defaultNamespace: props.entity.metadata.namespace,
  });
  if (!parsed.ok) {
    return <Text size="sm">{props.value}</Text>;
  }
  return (
    <Anchor component={Link} to={entityPagePath(parsed.ref)} size="sm">
      {humanizeEntityRef(parsed.ref, { defaultKind: props.defaultKind })}
    </Anchor>
  );
}

function PlainCell(props: { value: string | undefined }) {
  return props.value ? <Text size="sm">{props.value}</Text> : <Nothing />;
}

const lifecycleColors: Record<string, string> = {
  production: 'green',
  experimental: 'orange',
  deprecated: 'red',
};

function LifecycleCell(props: { value: string | undefined }) {
  if (!props.value) return <Nothing />;
  return (
    <Badge
      variant="light"
      radius="sm"
      tt="none"
      fw={500}
      color={lifecycleColors[props.value.toLowerCase()] ?? 'gray'}
    >
      {props.value}
    </Badge>
  );
}

function EmailCell(props: { value: string | undefined }) {
  if (!props.value) return <Nothing />;
  return (
    <Anchor href={`mailto:${props.value}`} size="sm">
      {props.value}
    </Anchor>
  );
}

function TargetCell(props: { entity: Entity }) {
  const target = spec(props.entity, 'target');
  const targets = props.entity.spec?.targets;
  const count = Array.isArray(targets) ? targets.length : 0;
  if (target) {
    return (
      <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }} lineClamp={2}>
        {target}
      </Text>
    );
  }
  return count > 0 ? (
    <Text size="sm">{count === 1 ? '1 target' : `${count} targets`}</Text>
  ) : (
    <Nothing />
  );
}

function DescriptionCell(props: { value: string | undefined }) {
  if (!props.value) return <Nothing />;
  return (
    <Text size="sm" lineClamp={2} title={props.value}>
      {props.value}
    </Text>
  );
}

/** The first few tags; the rest are counted, and named in a tooltip. */
const shownTags = 3;

function TagsCell(props: { tags: unknown }) {
  const tags = Array.isArray(props.tags)
    ? props.tags.filter((tag): tag is string => typeof tag === 'string')
    : [];
  if (tags.length === 0) return <Nothing />;
  const rest = tags.slice(shownTags);
  return (
    <Group gap={4} wrap="wrap">
      {tags.slice(0, shownTags).map(tag => (
        <Badge key={tag} variant="default" radius="sm" tt="none" fw={500} size="sm">
          {tag}
        </Badge>
      ))}
      {rest.length > 0 ? (
        <Tooltip label={rest.join(', ')} withArrow>
          <Badge variant="transparent" radius="sm" tt="none" size="sm" c="dimmed" tabIndex={0}>
            +{rest.length}
            <VisuallyHidden>: {rest.join(', ')}</VisuallyHidden>
          </Badge>
        </Tooltip>
      ) : null}
    </Group>
  );
}

/** An empty cell: a quiet dash on screen, words for screen readers. */
function Nothing() {
  return (
    <Text span c="dimmed" size="sm">
      <span aria-hidden>—</span>
      <VisuallyHidden>none</VisuallyHidden>
    </Text>
  );
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function spec(entity: Entity, key: string): string | undefined {
  return text(entity.spec?.[key]);
}

function profile(entity: Entity, key: string): string | undefined {
  const value = entity.spec?.profile;
  return typeof value === 'object' && value !== null
    ? text((value as Record<string, unknown>)[key])
    : undefined;
}
