import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { FrontendPlugin } from './definePlugin';
import type { SlotContribution, SlotName, SlotProps } from './slots';

const PluginRegistryContext = createContext<readonly FrontendPlugin[] | undefined>(undefined);

/** Makes the app's plugin list available to slots and the shell. */
export function PluginRegistryProvider(props: {
  plugins: readonly FrontendPlugin[];
  children: ReactNode;
}) {
  return (
    <PluginRegistryContext.Provider value={props.plugins}>
      {props.children}
    </PluginRegistryContext.Provider>
  );
}

export function usePlugins(): readonly FrontendPlugin[] {
  const plugins = useContext(PluginRegistryContext);
  if (!plugins) {
    throw new Error('usePlugins must be used inside <PluginRegistryProvider>');
  }
  return plugins;
}

/** Every contribution to a slot, in order: explicit `order` first, then plugin-list order. */
export function collectContributions<K extends SlotName>(
  plugins: readonly FrontendPlugin[],
  name: K,
): Array<SlotContribution<K>> {
  const all = plugins.flatMap(plugin => [...(plugin.contributions[name] ?? [])]) as Array<
    SlotContribution<K>
  >;
  return all
    .map((contribution, index) => ({ contribution, index }))
    .sort(
      (a, b) =>
        (a.contribution.order ?? Number.MAX_SAFE_INTEGER) -
          (b.contribution.order ?? Number.MAX_SAFE_INTEGER) || a.index - b.index,
    )
    .map(entry => entry.contribution);
}

/** The contributions to a slot that apply to these props (their `if` holds). */
export function useSlotContributions<K extends SlotName>(
  name: K,
  props: SlotProps<K>,
): Array<SlotContribution<K>> {
  const plugins = usePlugins();
  const all = useMemo(() => collectContributions(plugins, name), [plugins, name]);
  return all.filter(contribution => {
    try {
      return contribution.if ? contribution.if(props) : true;
    } catch {
      // A broken predicate hides its own contribution; it must not take the page down.
      return false;
    }
  });
}
