import { safeParseEntityRef, type CompoundEntityRef } from '@callboard/catalog-model';
import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { entityPath, humanizeEntityRef } from '../../entityPaths';

/**
 * A link to an entity's page, named the short way (`group:team-a`; `defaultKind` drops the kind
 * where it goes without saying). A ref that does not parse is shown as text, not as a broken link.
 */
export function EntityRefLink(props: {
  entityRef: string | CompoundEntityRef;
  defaultKind?: string;
  defaultNamespace?: string;
  /** Shown instead of the humanized ref, e.g. a title. */
  label?: string;
  size?: string;
}) {
  const parsed =
    typeof props.entityRef === 'string'
      ? safeParseEntityRef(props.entityRef, {
          defaultKind: props.defaultKind,
          defaultNamespace: props.defaultNamespace,
        })
      : ({ ok: true, ref: props.entityRef } as const);
  if (!parsed.ok) {
    return (
      <Text span size={props.size ?? 'sm'}>
        {String(props.entityRef)}
      </Text>
    );
  }
  return (
    <Anchor component={Link} to={entityPath(parsed.ref)} size={props.size ?? 'sm'}>
      {props.label ?? humanizeEntityRef(parsed.ref, { defaultKind: props.defaultKind })}
    </Anchor>
  );
}
