import { safeParseEntityRef, type Entity } from '@callboard/catalog-model';
import { Anchor, Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router-dom';
import { entityPagePath, humanizeEntityRef } from '../../common';
import { relatedEntitiesQuery } from './queries';
import { QueryError } from '@callboard/ui';

/**
 * One list of entities related to the API ("Provided by", "Consumed by"): each links to its
 * page with its type, owner and description; refs the catalog does not know stay as text.
 */
export function RelatedEntities(props: {
  title: string;
  entityRefs: string[];
  /** Shown when there are none, e.g. how to declare one. */
  emptyText: string;
}) {
  const headingId = useId();
  const query = useQuery(relatedEntitiesQuery(props.entityRefs));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <Group gap="xs" mb="sm">
        <Title order={3} size="h5" id={headingId}>
          {props.title}
        </Title>
        <Badge variant="default" radius="sm" aria-label={`${props.entityRefs.length} in total`}>
          {props.entityRefs.length}
        </Badge>
      </Group>
      {props.entityRefs.length === 0 ? (
        <Text size="sm" c="dimmed">
          {props.emptyText}
        </Text>
      ) : query.isPending ? (
        <Group gap="xs" role="status">
          <Loader size="xs" aria-hidden />
          <Text size="sm" c="dimmed">
            Loading…
          </Text>
        </Group>
      ) : query.isError ? (
        <QueryError
          compact
          title={`Could not load “${props.title}”`}
          error={query.error}
          retrying={query.isFetching}
          retry={() => void query.refetch()}
        />
      ) : (
        <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
          {props.entityRefs.map((ref, index) => (
            <RelatedEntity key={ref} entityRef={ref} entity={query.data[index] ?? null} />
          ))}
        </Stack>
      )}
    </Card>
  );
}

function RelatedEntity(props: { entityRef: string; entity: Entity | null }) {
  const { entity } = props;
  if (!entity) {
    return (
      <li>
        <Text size="sm">{humanizeRef(props.entityRef)}</Text>
        <Text size="xs" c="dimmed">
          Not in the catalog
        </Text>
      </li>
    );
  }
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const type = typeof spec.type === 'string' ? spec.type : undefined;
  const owner = typeof spec.owner === 'string' ? spec.owner : undefined;
  return (
    <li>
      <Group gap="xs" wrap="wrap">
        <Anchor component={Link} to={entityPagePath(entity)} size="sm" fw={500}>
          {entity.metadata.title ?? humanizeEntityRef(entity, { defaultKind: 'component' })}
        </Anchor>
        {type ? (
          <Badge variant="light" radius="sm" size="sm" tt="none">
            {type}
          </Badge>
        ) : null}
      </Group>
      {owner ? (
        <Text size="xs" c="dimmed">
          Owner: {humanizeRef(owner, 'group')}
        </Text>
      ) : null}
      {entity.metadata.description ? (
        <Text size="sm" lineClamp={2}>
          {entity.metadata.description}
        </Text>
      ) : null}
    </li>
  );
}

function humanizeRef(ref: string, defaultKind?: string): string {
  const parsed = safeParseEntityRef(ref, { defaultKind });
  return parsed.ok ? humanizeEntityRef(parsed.ref, { defaultKind }) : ref;
}
