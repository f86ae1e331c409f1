import type { Entity } from '@callboard/catalog-model';
import { definePlugin, lazyNamed } from '@callboard/plugin-api/frontend';
import { IconBook } from '@tabler/icons-react';
import { docsPluginId } from '../common';

/** The annotations that give an entity docs: its own (`techdocs-ref`) or another's. */
export const docsAnnotations = ['backstage.io/techdocs-ref', 'backstage.io/techdocs-entity'];

export function hasDocs(props: { entity: Entity }): boolean {
  const annotations = props.entity.metadata.annotations ?? {};
  return docsAnnotations.some(name => Boolean(annotations[name]));
}

/**
 * Docs in the portal: `/docs` lists every documented entity, `/docs/:namespace/:kind/:name/*`
 * reads one site (Backstage's TechDocs routes, so links people have keep working), and entities
 * with docs get a Docs tab showing the same reader.
 */
export const docsPlugin = definePlugin({
  id: docsPluginId,
  routes: [
    {
      path: '/docs',
      component: lazyNamed(() => import('./siteIndex/DocsIndexPage'), 'DocsIndexPage'),
    },
    {
      path: '/docs/:namespace/:kind/:name/*',
      component: lazyNamed(() => import('./reader/DocsReaderPage'), 'DocsReaderPage'),
    },
  ],
  nav: [{ title: 'Docs', to: '/docs', icon: IconBook, order: 15 }],
  contributions: {
    'entity.tabs': [
      {
        id: 'docs.tab',
        title: 'Docs',
        path: 'docs',
        order: 20,
        if: hasDocs,
        component: lazyNamed(() => import('./reader/DocsTab'), 'DocsTab'),
      },
    ],
  },
});
