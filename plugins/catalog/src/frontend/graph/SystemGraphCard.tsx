import { RELATION_HAS_PART, RELATION_PART_OF, type Entity } from '@callboard/catalog-model';
import { Anchor, Card, Group, Title } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useId } from 'react';
import { Link } from 'react-router-dom';
import { entityPath, humanizeEntityRef } from '../entityPaths';
import { EntityGraphView } from './EntityGraphView';
import { relationTypesOf } from './relationTypes';

const drawn = relationTypesOf(['partOf', 'apis', 'dependencies']);
/** A system: up to its domain and down to its parts. */
const systemWalk = new Set([RELATION_HAS_PART, RELATION_PART_OF]);
/** A domain: down to its systems and subdomains, then their parts. */
const domainWalk = new Set([RELATION_HAS_PART]);

/**
 * The overview card of a System or Domain: its parts and how they connect (who provides and
 * consumes which API, who depends on what), without wandering out to the rest of the catalog.
 */
export function SystemGraphCard(props: { entity: Entity }) {
  const id = useId();
  const isDomain = props.entity.kind.toLocaleLowerCase('en-US') === 'domain';
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Group justify="space-between" gap="xs" mb="md" wrap="wrap">
        <Title order={2} size="h4" id={id}>
          {isDomain ? 'Domain diagram' : 'System diagram'}
        </Title>
        <Anchor component={Link} to={entityPath(props.entity, 'dependencies')} size="sm">
          <Group gap={4} wrap="nowrap" component="span">
            Explore all relations
            <IconArrowRight size={14} aria-hidden />
          </Group>
        </Anchor>
      </Group>
      <EntityGraphView
        entity={props.entity}
        depth={isDomain ? 2 : 1}
        relationTypes={drawn}
        expandTypes={isDomain ? domainWalk : systemWalk}
        height={560}
        label={`${isDomain ? 'Domain' : 'System'} diagram of ${humanizeEntityRef(props.entity)}`}
        emptyMessage={isDomain ? 'No systems in this domain yet' : 'No parts in this system yet'}
      />
    </Card>
  );
}
