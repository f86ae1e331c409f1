import { DEFAULT_NAMESPACE, type Entity } from '@callboard/catalog-model';

/** A string field of `spec`, or undefined when absent or not a string. */
export function specString(entity: Entity, field: string): string | undefined {
  const value = entity.spec?.[field];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function entityNamespace(entity: Entity): string {
  return entity.metadata.namespace || DEFAULT_NAMESPACE;
}

/** `component:default/Payments`: kind lower-cased as in refs, the name as written. */
export function displayEntityRef(entity: Entity): string {
  return `${entity.kind.toLocaleLowerCase('en-US')}:${entityNamespace(entity)}/${entity.metadata.name}`;
}

/** The relation targets of one type, e.g. every `hasMember` of a group. */
export function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => relation.targetRef);
}

/** What to call the entity: its title, a user's or group's display name, else its name. */
export function entityDisplayTitle(entity: Entity): string {
  const profile = entity.spec?.profile as { displayName?: unknown } | undefined;
  const displayName =
    typeof profile?.displayName === 'string' && profile.displayName.trim() !== ''
      ? profile.displayName
      : undefined;
  return entity.metadata.title || displayName || entity.metadata.name;
}
