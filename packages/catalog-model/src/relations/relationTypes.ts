/**
 * Relation types, in forward/reverse pairs. Every relation the catalog stores is emitted together
 * with its reverse on the other entity.
 */

/** Entity → its owner (Group or User). */
export const RELATION_OWNED_BY = 'ownedBy';
export const RELATION_OWNER_OF = 'ownerOf';
/** Component → an API it consumes. */
export const RELATION_CONSUMES_API = 'consumesApi';
export const RELATION_API_CONSUMED_BY = 'apiConsumedBy';
/** Component → an API it provides. */
export const RELATION_PROVIDES_API = 'providesApi';
export const RELATION_API_PROVIDED_BY = 'apiProvidedBy';
/** Component/Resource → something it needs at run time. */
export const RELATION_DEPENDS_ON = 'dependsOn';
export const RELATION_DEPENDENCY_OF = 'dependencyOf';
/** Group → a child group. */
export const RELATION_PARENT_OF = 'parentOf';
export const RELATION_CHILD_OF = 'childOf';
/** User → a group they belong to. */
export const RELATION_MEMBER_OF = 'memberOf';
export const RELATION_HAS_MEMBER = 'hasMember';
/**
 * Part → whole: Component/API/Resource → System, System → Domain, Domain → parent Domain, and
 * Component → the Component it is a subcomponent of.
 */
export const RELATION_PART_OF = 'partOf';
export const RELATION_HAS_PART = 'hasPart';

/**
 * Reserved names for a dedicated subcomponent pair. NOT emitted: Backstage (catalog-model 1.10.1,
 * catalog-backend 4.0.0) emits `partOf`/`hasPart` for `spec.subcomponentOf`, exports no constants
 * for these, and its UI finds subcomponents as `hasPart` targets of kind Component. Callboard
 * does the same so that Backstage clients see identical relations; these names exist so that
 * code and docs can talk about the concept without inventing strings.
 */
export const RELATION_SUBCOMPONENT_OF = 'subcomponentOf';
export const RELATION_HAS_SUBCOMPONENT = 'hasSubcomponent';

/** The emitted pairs, forward first. */
export const RELATION_PAIRS: readonly (readonly [forward: string, reverse: string])[] = [
  [RELATION_OWNED_BY, RELATION_OWNER_OF],
  [RELATION_CONSUMES_API, RELATION_API_CONSUMED_BY],
  [RELATION_PROVIDES_API, RELATION_API_PROVIDED_BY],
  [RELATION_DEPENDS_ON, RELATION_DEPENDENCY_OF],
  [RELATION_PARENT_OF, RELATION_CHILD_OF],
  [RELATION_MEMBER_OF, RELATION_HAS_MEMBER],
  [RELATION_PART_OF, RELATION_HAS_PART],
];
