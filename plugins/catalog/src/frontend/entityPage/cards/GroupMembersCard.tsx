import {
  RELATION_MEMBER_OF,
  RELATION_PARENT_OF,
  stringifyEntityRef,
  type Entity,
} from '@callboard/catalog-model';
import { Group, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { EntityCard } from '../components/EntityCard';
import { EntityRefLink } from '@callboard/ui';
import { RelatedEntitiesList } from '../components/RelatedEntitiesList';
import { relationTargets } from '../lib/entityFacts';
import { relatedEntitiesQuery } from '../queries';

/** A group's members (users whose `memberOf` names it) and its child groups. */
export function GroupMembersCard(props: { entity: Entity }) {
  const ref = stringifyEntityRef(props.entity);
  const filters = [`kind=user,relations.${RELATION_MEMBER_OF}=${ref}`];
  // Same query as the list below: the cache shares it, so the count costs nothing extra.
  const members = useInfiniteQuery(relatedEntitiesQuery(filters));
  const children = relationTargets(props.entity, RELATION_PARENT_OF).sort();

  return (
    <EntityCard title="Members" count={members.data?.pages[0]?.totalItems}>
      <Stack gap="md">
        <RelatedEntitiesList
          filters={filters}
          label="Members"
          columns="user"
          empty="No users name this group in spec.memberOf, and the group lists no spec.members."
        />
        {children.length > 0 ? (
          <Stack gap={4}>
            <Title order={3} size="h6">
              Child groups ({children.length})
            </Title>
            <Group component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
              {children.map(child => (
                <li key={child}>
                  <EntityRefLink entityRef={child} defaultKind="group" />
                </li>
              ))}
            </Group>
          </Stack>
        ) : (
          <Text size="xs" c="dimmed">
            No child groups.
          </Text>
        )}
      </Stack>
    </EntityCard>
  );
}
