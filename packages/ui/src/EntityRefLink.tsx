import {
  safeParseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@callboard/catalog-model';
import {
  catalogKeys,
  entityPagePath,
  entityRefPath,
  getEntitiesByRefs,
  humanizeEntityRef,
  type RefDefaults,
} from '@callboard/plugin-catalog/common';
import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
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
    /**
     * Link only once the catalog is known to hold the entity: for refs that may name nothing
     * there (a task's creator: `user:default/guest`, or a user since removed), which would
     * otherwise lead to "Entity not found".
     */
    onlyIfInCatalog?: boolean;
  },
) {
  const defaults = { defaultKind: props.defaultKind, defaultNamespace: props.defaultNamespace };
  const parsed =
    typeof props.entityRef === 'string'
      ? safeParseEntityRef(props.entityRef, defaults)
      : ({ ok: true, ref: props.entityRef } as const);
  const fullRef = parsed.ok ? stringifyEntityRef(parsed.ref) : undefined;
  const exists = useQuery({
    queryKey: catalogKeys.entitiesByRefs('exists', [fullRef ?? '']),
    queryFn: async ({ signal }) => {
      const [entity] = await getEntitiesByRefs([fullRef ?? ''], { fields: ['kind'], signal });
      return entity !== null && entity !== undefined;
    },
    enabled: props.onlyIfInCatalog === true && fullRef !== undefined,
    staleTime: 5 * 60_000,
  });
  const path =
    typeof props.entityRef === 'string'
      ? entityRefPath(props.entityRef, defaults)
      : entityPagePath(props.entityRef);
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
