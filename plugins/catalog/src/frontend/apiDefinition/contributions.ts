import { lazyNamed, type SlotContribution } from '@callboard/plugin-api/frontend';

/** The API tab of API entities: the definition rendered for its type. */
export const apiDefinitionContributions: {
  tabs: Array<SlotContribution<'entity.tabs'>>;
} = {
  tabs: [
    {
      id: 'api',
      title: 'Definition',
      path: 'api',
      order: 5,
      if: ({ entity }) => entity.kind.toLowerCase() === 'api',
      component: lazyNamed(() => import('./ApiDefinitionTab'), 'ApiDefinitionTab'),
    },
  ],
};
