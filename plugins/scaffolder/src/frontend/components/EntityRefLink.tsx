import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { entityRefPath, humanizeEntityRef, type RefDefaults } from '../lib/entityRefs';

/**
 * A link to an entity's page in the catalog, named the short way. A ref that does not parse is
 * shown as text rather than as a broken link.
 */
export function EntityRefLink(
  props: RefDefaults & { entityRef: string; label?: string; size?: string },
) {
  const defaults = { defaultKind: props.defaultKind, defaultNamespace: props.defaultNamespace };
  const path = entityRefPath(props.entityRef, defaults);
  const label = props.label ?? humanizeEntityRef(props.entityRef, defaults);
  if (!path) {
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
