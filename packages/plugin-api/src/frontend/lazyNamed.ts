import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * `React.lazy` for a named export: `lazyNamed(() => import('./CatalogPage'), 'CatalogPage')`.
 * We avoid default exports (STYLE.md), which plain `lazy` requires.
 */
export function lazyNamed<K extends string, P extends object>(
  load: () => Promise<{ [key in K]: ComponentType<P> }>,
  name: K,
): LazyExoticComponent<ComponentType<P>> {
  return lazy(async () => {
    const module = await load();
    return { default: module[name] };
  });
}
