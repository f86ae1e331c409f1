import type { ComponentType } from 'react';
import type { Entity } from '@callboard/catalog-model';

/**
 * The typed extension points of the app. Each slot names the props its contributions receive
 * and the extra fields a contribution declares. A plugin that offers a new slot augments this
 * interface from its own frontend entry point:
 *
 *   declare module '@callboard/plugin-api/frontend' {
 *     interface SlotDefinitions {
 *       'versions.panels': { props: { entity: Entity }; meta: { title: string } };
 *     }
 *   }
 */
export interface SlotDefinitions {
  /** Tabs on an entity page; `path` is relative to the entity page, e.g. `dependencies`. */
  'entity.tabs': { props: { entity: Entity }; meta: { title: string; path: string } };
  /** Cards on an entity page's overview tab. */
  'entity.cards': { props: { entity: Entity }; meta: { size?: 'half' | 'full' } };
  /**
   * The search box in the header, on every page. The shell shows the first contribution only
   * (lowest `order`): the catalog fills it with name/title suggestions; a search plugin that
   * fills it with a lower order replaces that.
   */
  'header.search': { props: Record<string, never>; meta: object };
  /** Widgets on the home page. */
  'home.widgets': { props: Record<string, never>; meta: { title: string } };
  /** Renderers for search results of one document type. */
  'search.results': {
    props: { result: { type: string; document: Record<string, unknown> } };
    meta: { documentType: string };
  };
}

export type SlotName = keyof SlotDefinitions;
export type SlotProps<K extends SlotName> = SlotDefinitions[K]['props'];

/** One plugin's contribution to a slot. */
export type SlotContribution<K extends SlotName> = {
  /** Unique within the slot; used as React key and in error messages. */
  id: string;
  /** Lower comes first; contributions without an order keep plugin-list order, after ordered ones. */
  order?: number;
  /** Whether to show the contribution for these props (e.g. only for kind API). */
  if?: (props: SlotProps<K>) => boolean;
  /** Usually a `lazyNamed(...)` component, so the code loads only when shown. */
  component: ComponentType<SlotProps<K>>;
} & SlotDefinitions[K]['meta'];

export type SlotContributions = { [K in SlotName]?: ReadonlyArray<SlotContribution<K>> };
