import { lazyNamed, type SlotContribution } from '@callboard/plugin-api/frontend';

/** The catalog's widgets on the home page; each loads its code only when the home page shows. */
export const homeContributions: {
  widgets: Array<SlotContribution<'home.widgets'>>;
} = {
  widgets: [
    {
      id: 'catalog.totals',
      title: 'Catalog',
      order: 10,
      component: lazyNamed(() => import('./CatalogTotalsWidget'), 'CatalogTotalsWidget'),
    },
    {
      id: 'catalog.recent',
      title: 'Recently changed',
      order: 20,
      component: lazyNamed(() => import('./RecentlyChangedWidget'), 'RecentlyChangedWidget'),
    },
    {
      id: 'catalog.problems',
      title: 'Ingestion problems',
      order: 30,
      component: lazyNamed(() => import('./IngestionProblemsWidget'), 'IngestionProblemsWidget'),
    },
  ],
};
