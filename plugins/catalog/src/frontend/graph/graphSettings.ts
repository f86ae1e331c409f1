import type { Entity } from '@callboard/catalog-model';
import {
  defaultRelationGroups,
  isRelationGroupId,
  relationGroups,
  type RelationGroupId,
} from './relationTypes';

export const maxGraphDepth = 5;
export const defaultGraphDepth = 2;

export interface GraphSettings {
  depth: number;
  groups: RelationGroupId[];
}

/** People and teams relate through ownership and membership, not dependencies. */
export function defaultGroupsFor(entity: Entity): RelationGroupId[] {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  return kind === 'group' || kind === 'user'
    ? ['ownership', 'organization']
    : [...defaultRelationGroups];
}

/**
 * The tab keeps its settings in the URL (`?depth=3&relations=dependencies,apis`), so a view can
 * be shared and survives a reload. Anything unreadable falls back to the defaults.
 */
export function readGraphSettings(search: URLSearchParams, entity: Entity): GraphSettings {
  const depth = Number(search.get('depth'));
  const relations = search.get('relations');
  return {
    depth:
      Number.isInteger(depth) && depth >= 1 && depth <= maxGraphDepth ? depth : defaultGraphDepth,
    groups:
      relations === null
        ? defaultGroupsFor(entity)
        : relations
            .split(',')
            .filter(isRelationGroupId)
            // In the order of the checkboxes, whatever order the URL lists them in.
            .sort((a, b) => groupIndex(a) - groupIndex(b)),
  };
}

export function writeGraphSettings(
  search: URLSearchParams,
  settings: GraphSettings,
): URLSearchParams {
  const next = new URLSearchParams(search);
  next.set('depth', String(settings.depth));
  next.set('relations', settings.groups.join(','));
  return next;
}

function groupIndex(id: RelationGroupId): number {
  return relationGroups.findIndex(group => group.id === id);
}
