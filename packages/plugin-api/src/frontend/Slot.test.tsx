// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Entity } from '@callboard/catalog-model';
import { definePlugin } from './definePlugin';
import { lazyNamed } from './lazyNamed';
import { PluginRegistryProvider } from './PluginRegistry';
import { Slot, SlotChromeProvider, type SlotChrome } from './Slot';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'petstore', namespace: 'default' },
  spec: { type: 'openapi', lifecycle: 'production', owner: 'team-a', definition: '{}' },
};

const chrome: SlotChrome = {
  Loading: () => <p>loading</p>,
  Failed: ({ contributionId, error }) => (
    <p role="alert">
      {contributionId} broke: {(error as Error).message}
    </p>
  ),
};

function Healthy(props: { entity: Entity }) {
  return <p>about {props.entity.metadata.name}</p>;
}
function Broken(): never {
  throw new Error('card exploded');
}
const LazyCard = lazyNamed(
  () =>
    Promise.resolve({ LazyCard: (props: { entity: Entity }) => <p>lazy {props.entity.kind}</p> }),
  'LazyCard',
);

const plugin = definePlugin({
  id: 'cards',
  contributions: {
    'entity.cards': [
      { id: 'broken', order: 1, component: Broken },
      { id: 'healthy', order: 2, component: Healthy },
      { id: 'lazy', order: 3, component: LazyCard },
      { id: 'components-only', component: Healthy, if: ({ entity: e }) => e.kind === 'Component' },
      {
        id: 'bad-predicate',
        component: Healthy,
        if: () => {
          throw new Error('predicate bug');
        },
      },
    ],
  },
});

describe('<Slot/>', () => {
  let container: HTMLElement;
  let root: Root;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    // React reports errors caught by boundaries on the console; they are expected here.
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
    vi.restoreAllMocks();
  });

  it('renders each applicable contribution in order, isolating the one that crashes', async () => {
    await act(async () => {
      root.render(
        <PluginRegistryProvider plugins={[plugin]}>
          <SlotChromeProvider chrome={chrome}>
            <Slot
              name="entity.cards"
              props={{ entity }}
              wrap={(element, c) => <section data-id={c.id}>{element}</section>}
            />
          </SlotChromeProvider>
        </PluginRegistryProvider>,
      );
    });
    const sections = [...container.querySelectorAll('section')].map(s => [
      s.dataset.id,
      s.textContent,
    ]);
    expect(sections).toEqual([
      ['broken', 'broken broke: card exploded'],
      ['healthy', 'about petstore'],
      ['lazy', 'lazy API'],
    ]);
  });

  it('shows the empty content when nothing applies', async () => {
    await act(async () => {
      root.render(
        <PluginRegistryProvider plugins={[]}>
          <Slot name="entity.tabs" props={{ entity }} empty={<p>nothing here</p>} />
        </PluginRegistryProvider>,
      );
    });
    expect(container.textContent).toBe('nothing here');
  });

  it('keeps only the lowest-ordered contribution of a slot with room for one', async () => {
    const box = (label: string) => () => <input aria-label={label} />;
    const catalog = definePlugin({
      id: 'catalog',
      contributions: { 'header.search': [{ id: 'names', order: 100, component: box('names') }] },
    });
    const search = definePlugin({
      id: 'search',
      contributions: { 'header.search': [{ id: 'full', order: 10, component: box('full') }] },
    });
    await act(async () => {
      root.render(
        <PluginRegistryProvider plugins={[catalog, search]}>
          <Slot name="header.search" props={{}} first />
        </PluginRegistryProvider>,
      );
    });
    expect([...container.querySelectorAll('input')].map(i => i.getAttribute('aria-label'))).toEqual(
      ['full'],
    );
  });
});
