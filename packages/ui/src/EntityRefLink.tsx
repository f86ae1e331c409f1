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

type EntityRefLinkProps = RefDefaults & {
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
};

/**
 * A link to an entity's page, named the short way (`group:team-a`; `defaultKind` drops the kind
 * where it goes without saying). A ref that does not parse is shown as text, not as a dead link.
 */
export function EntityRefLink(props: EntityRefLinkProps) {
  const defaults = { defaultKind: props.defaultKind, defaultNamespace: props.defaultNamespace };
  const path =
    typeof props.entityRef === 'string'
      ? entityRefPath(props.entityRef, defaults)
      : entityPagePath(props.entityRef);
  const label = props.label ?? humanizeEntityRef(props.entityRef, defaults);
  if (!path) return <RefText label={label} size={props.size} />;
  // Only these links ask the catalog: a table of hundreds of plain links asks nothing.
  if (props.onlyIfInCatalog) return <LinkIfInCatalog {...props} path={path} label={label} />;
  return <RefAnchor path={path} label={label} size={props.size} />;
}

function LinkIfInCatalog(props: EntityRefLinkProps & { path: string; label: string }) {
  const parsed =
    typeof props.entityRef === 'string'
      ? safeParseEntityRef(props.entityRef, {
          defaultKind: props.defaultKind,
          defaultNamespace: props.defaultNamespace,
        })
      : ({ ok: true, ref: props.entityRef } as const);
  const fullRef = parsed.ok ? stringifyEntityRef(parsed.ref) : '';
  const exists = useQuery({
    queryKey: catalogKeys.entitiesByRefs('exists', [fullRef]),
    queryFn: async ({ signal }) => {
      const [entity] = await getEntitiesByRefs([fullRef], { fields: ['kind'], signal });
      return entity !== null && entity !== undefined;
    },
    staleTime: 5 * 60_000,
  });
  return exists.data === true ? (
    <RefAnchor path={props.path} label={props.label} size={props.size} />
  ) : (
    <RefText label={props.label} size={props.size} />
  );
}

function RefAnchor(props: { path: string; label: string; size?: string }) {
  return (
    <Anchor component={Link} to={props.path} size={props.size ?? 'sm'}>
      {props.label}
    </Anchor>
  );
}

function RefText(props: { label: string; size?: string }) {
  return (
    <Text span size={props.size ?? 'sm'}>
      {props.label}
    </Text>
  );
}
