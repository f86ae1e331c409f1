import {
  DEFAULT_NAMESPACE,
  RELATION_OWNED_BY,
  stringifyEntityRef,
  type Entity,
} from '@callboard/catalog-model';
import { toFullEntityRef } from '../lib/toFullEntityRef';

/**
 * The gallery's data and its URL state: `/create?text=node&tag=typescript&owner=group:default/team-a`.
 * Templates are few (tens, not thousands), so filtering happens in the browser on the whole list.
 */
export interface TemplateSummary {
  /** `template:default/node-service` */
  ref: string;
  namespace: string;
  name: string;
  title: string;
  description?: string;
  type?: string;
  tags: string[];
  /** The owner's full ref (`group:default/team-a`), or the raw value if it does not parse. */
  owner?: string;
}

export function summarizeTemplate(entity: Entity): TemplateSummary {
  const namespace = entity.metadata.namespace || DEFAULT_NAMESPACE;
  const spec = (entity.spec ?? {}) as { type?: unknown; owner?: unknown };
  return {
    ref: stringifyEntityRef(entity),
    namespace,
    name: entity.metadata.name,
    title: entity.metadata.title || entity.metadata.name,
    description: entity.metadata.description,
    type: typeof spec.type === 'string' ? spec.type : undefined,
    tags: Array.isArray(entity.metadata.tags) ? entity.metadata.tags : [],
    owner: ownerOf(entity, spec.owner, namespace),
  };
}

/** The `ownedBy` relation when the catalog has stitched one, else `spec.owner` read as a group ref. */
function ownerOf(entity: Entity, owner: unknown, namespace: string): string | undefined {
  const relation = entity.relations?.find(item => item.type === RELATION_OWNED_BY);
  if (relation) return relation.targetRef;
  if (typeof owner !== 'string' || !owner) return undefined;
  // A ref in YAML inherits the entity's namespace and defaults to kind Group (backstage-spec §1.3).
  return toFullEntityRef(owner, { defaultKind: 'group', defaultNamespace: namespace }) ?? owner;
}

export interface GalleryState {
  text: string;
  tags: string[];
  owner?: string;
}

export function readGalleryState(params: URLSearchParams): GalleryState {
  return {
    text: params.get('text') ?? '',
    tags: [...new Set(params.getAll('tag').filter(Boolean))],
    owner: params.get('owner') || undefined,
  };
}

export function writeGalleryState(state: GalleryState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.text) params.set('text', state.text);
  for (const tag of state.tags) params.append('tag', tag);
  if (state.owner) params.set('owner', state.owner);
  return params;
}

export function hasGalleryFilters(state: GalleryState): boolean {
  return state.text.trim() !== '' || state.tags.length > 0 || state.owner !== undefined;
}

/**
 * Templates matching the state: every word of the text somewhere in the title, name, description,
 * type or tags; all chosen tags; the chosen owner. Sorted by title.
 */
export function filterTemplates(
  templates: readonly TemplateSummary[],
  state: GalleryState,
): TemplateSummary[] {
  const words = state.text.toLocaleLowerCase('en-US').split(/\s+/).filter(Boolean);
  return templates
    .filter(template => {
      if (state.owner && template.owner !== state.owner) return false;
      if (!state.tags.every(tag => template.tags.includes(tag))) return false;
      if (words.length === 0) return true;
      const haystack = [
        template.title,
        template.name,
        template.description ?? '',
        template.type ?? '',
        ...template.tags,
      ]
        .join(' ')
        .toLocaleLowerCase('en-US');
      return words.every(word => haystack.includes(word));
    })
    .sort((a, b) => a.title.localeCompare(b.title, 'en-US', { sensitivity: 'base' }));
}

export interface GalleryChoice {
  value: string;
  count: number;
}

/** The tags and owners to offer in the filters, with how many templates have each. */
export function galleryChoices(templates: readonly TemplateSummary[]): {
  tags: GalleryChoice[];
  owners: GalleryChoice[];
} {
  const tags = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const template of templates) {
    for (const tag of template.tags) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    if (template.owner) owners.set(template.owner, (owners.get(template.owner) ?? 0) + 1);
  }
  const sorted = (counts: Map<string, number>) =>
    [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => a.value.localeCompare(b.value, 'en-US'));
  return { tags: sorted(tags), owners: sorted(owners) };
}
