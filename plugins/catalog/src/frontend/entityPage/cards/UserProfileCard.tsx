import { RELATION_MEMBER_OF, type Entity } from '@callboard/catalog-model';
import { Avatar, Group, Stack, Text, Title } from '@mantine/core';
import { EntityCard } from '../components/EntityCard';
import { EmailLink } from '../components/EntityTable';
import { EntityRefLink } from '@callboard/ui';
import { relationTargets } from '../lib/entityFacts';

/** A user's profile (name, email, picture) and the groups they belong to. */
export function UserProfileCard(props: { entity: Entity }) {
  const profile = (props.entity.spec?.profile ?? {}) as Record<string, unknown>;
  const displayName =
    typeof profile.displayName === 'string' ? profile.displayName : props.entity.metadata.name;
  const email = typeof profile.email === 'string' ? profile.email : undefined;
  // Only https pictures: an http one would be mixed content, anything else is not a picture.
  const picture =
    typeof profile.picture === 'string' && /^https:\/\//i.test(profile.picture)
      ? profile.picture
      : undefined;
  const groups = relationTargets(props.entity, RELATION_MEMBER_OF).sort();

  return (
    <EntityCard title="Profile">
      <Stack gap="md">
        <Group gap="md" wrap="nowrap">
          <Avatar
            src={picture}
            alt={picture ? `Picture of ${displayName}` : undefined}
            name={displayName}
            color="initials"
            size="lg"
            radius="xl"
          />
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {displayName}
            </Text>
            {email ? (
              <EmailLink email={email} />
            ) : (
              <Text size="sm" c="dimmed">
                No email in spec.profile.
              </Text>
            )}
          </Stack>
        </Group>
        <Stack gap={4}>
          <Title order={3} size="h6">
            Groups ({groups.length})
          </Title>
          {groups.length === 0 ? (
            <Text size="sm" c="dimmed">
              Not a member of any group.
            </Text>
          ) : (
            <Group component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
              {groups.map(group => (
                <li key={group}>
                  <EntityRefLink entityRef={group} defaultKind="group" />
                </li>
              ))}
            </Group>
          )}
        </Stack>
      </Stack>
    </EntityCard>
  );
}
