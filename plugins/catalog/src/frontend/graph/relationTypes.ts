import {
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CHILD_OF,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_MEMBER,
  RELATION_HAS_PART,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PARENT_OF,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
} from '@callboard/catalog-model';

/** The checkboxes of the graph: each group switches a few relation pairs on or off together. */
export type RelationGroupId = 'dependencies' | 'apis' | 'partOf' | 'ownership' | 'organization';

export interface RelationGroup {
  id: RelationGroupId;
  label: string;
  description: string;
}

export const relationGroups: readonly RelationGroup[] = [
  { id: 'dependencies', label: 'Dependencies', description: 'depends on, dependency of' },
  { id: 'apis', label: 'APIs', description: 'provides, consumes' },
  { id: 'partOf', label: 'Part of', description: 'part of a system or domain, has part' },
  { id: 'ownership', label: 'Ownership', description: 'owned by, owner of' },
  { id: 'organization', label: 'Teams', description: 'member of, child group of' },
];

/**
 * Ownership and teams connect nearly everything to a few groups, which turns a dependency graph
 * into a hairball; they are opt-in.
 */
export const defaultRelationGroups: readonly RelationGroupId[] = ['dependencies', 'apis', 'partOf'];

/**
 * A relation pair as the graph draws it: every edge points the forward way (`payments` → `db`
 * for "payments depends on db"), whichever of the two entities' relations it was read from.
 * Forward is the direction a reader says aloud: part → whole, member → group, child → parent.
 */
export interface RelationKind {
  forward: string;
  reverse: string;
  /** "A <label> B", e.g. "depends on". */
  label: string;
  group: RelationGroupId;
}

export const relationKinds: readonly RelationKind[] = [
  {
    forward: RELATION_DEPENDS_ON,
    reverse: RELATION_DEPENDENCY_OF,
    label: 'depends on',
    group: 'dependencies',
  },
  {
    forward: RELATION_PROVIDES_API,
    reverse: RELATION_API_PROVIDED_BY,
    label: 'provides',
    group: 'apis',
  },
  {
    forward: RELATION_CONSUMES_API,
    reverse: RELATION_API_CONSUMED_BY,
    label: 'consumes',
    group: 'apis',
  },
  { forward: RELATION_PART_OF, reverse: RELATION_HAS_PART, label: 'is part of', group: 'partOf' },
  {
    forward: RELATION_OWNED_BY,
    reverse: RELATION_OWNER_OF,
    label: 'is owned by',
    group: 'ownership',
  },
  {
    forward: RELATION_MEMBER_OF,
    reverse: RELATION_HAS_MEMBER,
    label: 'is a member of',
    group: 'organization',
  },
  {
    forward: RELATION_CHILD_OF,
    reverse: RELATION_PARENT_OF,
    label: 'is a child group of',
    group: 'organization',
  },
];

const kindByType = new Map<string, { kind: RelationKind; reversed: boolean }>(
  relationKinds.flatMap(kind => [
    [kind.forward, { kind, reversed: false }],
    [kind.reverse, { kind, reversed: true }],
  ]),
);

/** Which pair a stored relation type belongs to, and whether it is the reverse one. */
export function lookUpRelationType(
  type: string,
): { kind: RelationKind; reversed: boolean } | undefined {
  return kindByType.get(type);
}

export function relationKindByForward(forward: string): RelationKind | undefined {
  const found = kindByType.get(forward);
  return found && !found.reversed ? found.kind : undefined;
}

/** Both directions of every pair in the groups, as stored on entities. */
export function relationTypesOf(groups: Iterable<RelationGroupId>): Set<string> {
  const wanted = new Set(groups);
  return new Set(
    relationKinds
      .filter(kind => wanted.has(kind.group))
      .flatMap(kind => [kind.forward, kind.reverse]),
  );
}

export function isRelationGroupId(value: string): value is RelationGroupId {
  return relationGroups.some(group => group.id === value);
}
