import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { entityExistsQuery } from '../api/queries';
import {
  entityRefPath,
  humanizeEntityRef,
  toFullEntityRef,
  type RefDefaults,
} from '../lib/entityRefs';

/**
 * A link to an entity's page in the catalog, named the short way. A ref that does not parse is
 * shown as text rather than as a broken link.
 */
export function EntityRefLink(
  props: RefDefaults & {
    entityRef: string;
    label?: string;
    size?: string;
    /**
     * Link only once the catalog is known to hold the entity: for refs that may name nothing
     * there (a task's creator: `user:default/guest` when signed in as a guest, or a user since
     * removed), which would otherwise lead to "Entity not found".
     */
    onlyIfInCatalog?: boolean;
  },
) {
  const defaults = { defaultKind: props.defaultKind, defaultNamespace: props.defaultNamespace };
  const fullRef = toFullEntityRef(props.entityRef, defaults);
  const exists = useQuery({
    ...entityExistsQuery(fullRef ?? ''),
    enabled: props.onlyIfInCatalog === true && fullRef !== undefined,
  });
  const path = entityRefPath(props.entityRef, defaults);
  const label = props.label ?? humanizeEntityRef(props.entityRef, defaults);
  if (!path || (props.onlyIfInCatalog && exists.data !== true)) {
    return (
      <Text span size={props.size ?? 'sm'}>
        {label}
      </Text>
    );
  }
  return (
    <Anchor component={Link} to={path} size={props.size ?? 'sm'}>
      {label}
    </Anchor>
  );
}
