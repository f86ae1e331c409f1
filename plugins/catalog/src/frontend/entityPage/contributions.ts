import type { Entity } from '@callboard/catalog-model';
import { lazyNamed, type SlotContribution } from '@callboard/plugin-api/frontend';

const isKind =
  (...kinds: string[]) =>
  (props: { entity: Entity }) =>
    kinds.includes(props.entity.kind.toLowerCase());

/**
 * The entity page's own tabs (overview, YAML) and overview cards. Everything is lazy: this file
 * is part of the app's first chunk, the components are not.
 */
export const entityPageContributions: {
  tabs: Array<SlotContribution<'entity.tabs'>>;
  cards: Array<SlotContribution<'entity.cards'>>;
} = {
  tabs: [
    {
      id: 'catalog.overview',
      title: 'Overview',
      path: '',
      order: 0,
      component: lazyNamed(() => import('./overview/OverviewTab'), 'OverviewTab'),
    },
    {
      id: 'catalog.yaml',
      title: 'YAML',
      path: 'yaml',
      order: 100,
      component: lazyNamed(() => import('./yaml/YamlTab'), 'YamlTab'),
    },
  ],
  cards: [
    {
      id: 'catalog.problems',
      order: 0,
      // A full row: a slim line when all is well, the first thing seen when something broke.
      size: 'full',
      component: lazyNamed(() => import('./cards/ProblemsCard'), 'ProblemsCard'),
    },
    {
      id: 'catalog.about',
      order: 10,
      size: 'half',
      component: lazyNamed(() => import('./cards/AboutCard'), 'AboutCard'),
    },
    {
      id: 'catalog.user-profile',
      order: 15,
      size: 'half',
      if: isKind('user'),
      component: lazyNamed(() => import('./cards/UserProfileCard'), 'UserProfileCard'),
    },
    {
      id: 'catalog.relations',
      order: 20,
      size: 'half',
      component: lazyNamed(() => import('./cards/RelationsCard'), 'RelationsCard'),
    },
    {
      id: 'catalog.group-members',
      order: 30,
      size: 'full',
      if: isKind('group'),
      component: lazyNamed(() => import('./cards/GroupMembersCard'), 'GroupMembersCard'),
    },
    {
      id: 'catalog.owned-entities',
      order: 40,
      size: 'full',
      if: isKind('group', 'user'),
      component: lazyNamed(() => import('./cards/OwnedEntitiesCard'), 'OwnedEntitiesCard'),
    },
    {
      id: 'catalog.system-parts',
      order: 30,
      size: 'full',
      if: isKind('system', 'domain'),
      component: lazyNamed(() => import('./cards/SystemPartsCard'), 'SystemPartsCard'),
    },
  ],
};
