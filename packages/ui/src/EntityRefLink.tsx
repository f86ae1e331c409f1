import type { CompoundEntityRef } from '@callboard/catalog-model';
import {
  entityPagePath,
  entityRefPath,
  humanizeEntityRef,
  type RefDefaults,
} from '@callboard/plugin-catalog/common';
import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router-dom';

/**
 * A link to an entity's page, named the short way (`group:team-a`; `defaultKind` drops the kind
 * where it goes without saying). A ref that does not parse is shown as text, not as a dead link.
 */
export function EntityRefLink(
  props: RefDefaults & {
    entityRef: string | CompoundEntityRef;
    /** Shown instead of the humanized ref, e.g. a title. */
    label?: string;
    size?: string;
  },
) {
  const defaults = { defaultKind: props.defaultKind, defaultNamespace: props.defaultNamespace };
  const path =
    typeof props.entityRef === 'string'
      ? entityRefPath(props.entityRef, defaults)
      : entityPagePath(props.entityRef);
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
