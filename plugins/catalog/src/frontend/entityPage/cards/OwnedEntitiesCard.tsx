import {
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  stringifyEntityRef,
  type Entity,
} from '@callboard/catalog-model';
import { SegmentedControl, Stack } from '@mantine/core';
import { useState } from 'react';
import { humanizeEntityRef } from '../../../common';
import { EntitiesByKind, useKindTotal } from '../components/EntitiesByKind';
import { EntityCard } from '../components/EntityCard';
import { relationTargets } from '../lib/entityFacts';

/**
 * Everything a group or user owns, by kind with counts. For a user it can include what their
 * groups own, which is usually what "mine" means in a team.
 */
export function OwnedEntitiesCard(props: { entity: Entity }) {
  const ref = stringifyEntityRef(props.entity);
  const isUser = props.entity.kind.toLowerCase() === 'user';
  const groups = isUser ? relationTargets(props.entity, RELATION_MEMBER_OF) : [];
  // What a user's teams own is usually what they care for, so that is where a user page starts.
  const [scope, setScope] = useState<'direct' | 'groups'>(groups.length > 0 ? 'groups' : 'direct');
  const owners = scope === 'groups' ? [ref, ...groups] : [ref];
  const filters = owners.map(owner => `relations.${RELATION_OWNED_BY}=${owner}`);
  const total = useKindTotal(filters);
  const ownerParam = humanizeEntityRef(ref, { defaultKind: 'group' });

  return (
    <EntityCard
      title="Owned entities"
      count={total}
      actions={
        isUser && groups.length > 0 ? (
          <SegmentedControl
            size="xs"
            value={scope}
            onChange={value => setScope(value === 'groups' ? 'groups' : 'direct')}
            aria-label="Which owned entities to show"
            data={[
              { value: 'direct', label: 'Directly' },
              { value: 'groups', label: 'With their groups' },
            ]}
          />
        ) : null
      }
    >
      <Stack gap="sm">
        <EntitiesByKind
          key={scope}
          filters={filters}
          label="Owned entities"
          empty={
            scope === 'groups'
              ? 'Neither this user nor their groups own anything in the catalog.'
              : `Nothing in the catalog names ${humanizeEntityRef(ref, { defaultKind: 'group' })} as its owner (spec.owner).`
          }
          catalogLink={
            scope === 'direct'
              ? {
                  to: `/catalog?owner=${encodeURIComponent(ownerParam)}`,
                  label: 'See them in the catalog',
                }
              : undefined
          }
        />
      </Stack>
    </EntityCard>
  );
}
