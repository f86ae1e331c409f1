import { RELATION_PART_OF, stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import { EntitiesByKind, useKindTotal } from '../components/EntitiesByKind';
import { EntityCard } from '../components/EntityCard';

/**
 * What belongs to a system (its components, APIs and resources) or to a domain (its systems
 * and subdomains): everything that is `partOf` it, by kind.
 */
export function SystemPartsCard(props: { entity: Entity }) {
  const ref = stringifyEntityRef(props.entity);
  const filters = [`relations.${RELATION_PART_OF}=${ref}`];
  const total = useKindTotal(filters);
  const isDomain = props.entity.kind.toLowerCase() === 'domain';
  return (
    <EntityCard title={isDomain ? 'Systems in this domain' : 'Parts of this system'} count={total}>
      <EntitiesByKind
        filters={filters}
        label={isDomain ? 'Systems' : 'Parts'}
        empty={
          isDomain
            ? 'No system names this domain in spec.domain.'
            : 'No component, API or resource names this system in spec.system.'
        }
      />
    </EntityCard>
  );
}
