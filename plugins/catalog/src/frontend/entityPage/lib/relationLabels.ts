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

/** The relation types in words, in the order the Relations card lists them. */
const labels: ReadonlyArray<readonly [type: string, label: string]> = [
  [RELATION_OWNED_BY, 'Owned by'],
  [RELATION_PART_OF, 'Part of'],
  [RELATION_HAS_PART, 'Has part'],
  [RELATION_PROVIDES_API, 'Provides API'],
  [RELATION_CONSUMES_API, 'Consumes API'],
  [RELATION_API_PROVIDED_BY, 'API provided by'],
  [RELATION_API_CONSUMED_BY, 'API consumed by'],
  [RELATION_DEPENDS_ON, 'Depends on'],
  [RELATION_DEPENDENCY_OF, 'Dependency of'],
  [RELATION_MEMBER_OF, 'Member of'],
  [RELATION_HAS_MEMBER, 'Has member'],
  [RELATION_CHILD_OF, 'Child of'],
  [RELATION_PARENT_OF, 'Parent of'],
  [RELATION_OWNER_OF, 'Owner of'],
];

const labelByType = new Map(labels);
const rankByType = new Map(labels.map(([type], index) => [type, index]));

/** `dependsOn` → `Depends on`; a type we do not know (`deployedTo`) → `Deployed to`. */
export function relationLabel(type: string): string {
  const known = labelByType.get(type);
  if (known) return known;
  const words = type
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : type;
}

/** Sorts relation types: the known ones in a reading order, then the others alphabetically. */
export function compareRelationTypes(a: string, b: string): number {
  const rankA = rankByType.get(a) ?? labels.length;
  const rankB = rankByType.get(b) ?? labels.length;
  return rankA !== rankB ? rankA - rankB : a.localeCompare(b);
}
