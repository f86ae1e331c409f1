import { createElement, lazy, type ComponentType } from 'react';

/**
 * `React.lazy` for a named export: `lazyNamed(() => import('./CatalogPage'), 'CatalogPage')`.
 * We avoid default exports (STYLE.md), which plain `lazy` requires.
 *
 * Unlike `React.lazy`, a failed load is not remembered: `React.lazy` caches the rejected
 * promise, so a Retry button in an error boundary would fail again without trying. Here the
 * next render after a failure calls `load` again.
 */
export function lazyNamed<K extends string, P extends object>(
  load: () => Promise<{ [key in K]: ComponentType<P> }>,
  name: K,
): ComponentType<P> {
  const create = () =>
    lazy(async () => {
      try {
        const module = await load();
        return { default: module[name] };
      } catch (error) {
        current = create();
        throw error;
      }
    });
  let current = create();
  function LazyNamed(props: P) {
    return createElement(current, props);
  }
  LazyNamed.displayName = `lazyNamed(${name})`;
  return LazyNamed;
}
