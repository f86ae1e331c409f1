import { lazyNamed, type SlotContribution } from '@callboard/plugin-api/frontend';

const isSystemOrDomain = ({ entity }: { entity: { kind: string } }) =>
  ['system', 'domain'].includes(entity.kind.toLocaleLowerCase('en-US'));

/**
 * The Dependencies tab (every entity) and the diagram card of systems and domains. Both load
 * Cytoscape and ELK lazily: pages without a graph never download them.
 */
export const graphContributions: {
  tabs: Array<SlotContribution<'entity.tabs'>>;
  cards: Array<SlotContribution<'entity.cards'>>;
} = {
  tabs: [
    {
      id: 'catalog.dependencies',
      title: 'Dependencies',
      path: 'dependencies',
      order: 10,
      component: lazyNamed(() => import('./DependenciesTab'), 'DependenciesTab'),
    },
  ],
  cards: [
    {
      id: 'catalog.system-diagram',
      order: 35,
      size: 'full',
      if: isSystemOrDomain,
      component: lazyNamed(() => import('./SystemGraphCard'), 'SystemGraphCard'),
    },
  ],
};
