import {
  createContext,
  Fragment,
  Suspense,
  useContext,
  type ComponentType,
  type ReactNode,
} from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';
import { useSlotContributions } from './PluginRegistry';
import type { SlotContribution, SlotName, SlotProps } from './slots';

/** How the app draws a contribution that is loading or that crashed; the shell provides themed ones. */
export interface SlotChrome {
  Loading: ComponentType;
  Failed: ComponentType<{ contributionId: string; error: unknown; retry: () => void }>;
}

const defaultChrome: SlotChrome = {
  Loading: () => <div role="status">Loading…</div>,
  Failed: ({ contributionId, error }) => (
    <div role="alert">
      {contributionId} failed: {error instanceof Error ? error.message : String(error)}
    </div>
  ),
};

const SlotChromeContext = createContext<SlotChrome>(defaultChrome);

export function SlotChromeProvider(props: { chrome: SlotChrome; children: ReactNode }) {
  return (
    <SlotChromeContext.Provider value={props.chrome}>{props.children}</SlotChromeContext.Provider>
  );
}

/**
 * Renders one contribution inside its own error boundary and Suspense, so a failing or slow
 * plugin never takes the rest of the page with it.
 */
export function SlotItem<K extends SlotName>(props: {
  contribution: SlotContribution<K>;
  props: SlotProps<K>;
}) {
  const chrome = useContext(SlotChromeContext);
  const Component = props.contribution.component;
  const renderFallback = ({ error, resetErrorBoundary }: FallbackProps) => (
    <chrome.Failed
      contributionId={props.contribution.id}
      error={error}
      retry={resetErrorBoundary}
    />
  );
  return (
    <ErrorBoundary fallbackRender={renderFallback}>
      <Suspense fallback={<chrome.Loading />}>
        <Component {...props.props} />
      </Suspense>
    </ErrorBoundary>
  );
}

/**
 * Renders every contribution to a slot that applies to `props`. `wrap` lays each one out
 * (e.g. in a grid cell); `empty` shows when nothing contributes; `first` keeps only the first
 * (lowest order), for a slot with room for one, like the header's search box.
 */
export function Slot<K extends SlotName>(props: {
  name: K;
  props: SlotProps<K>;
  wrap?: (element: ReactNode, contribution: SlotContribution<K>) => ReactNode;
  empty?: ReactNode;
  first?: boolean;
}) {
  const all = useSlotContributions(props.name, props.props);
  const contributions = props.first ? all.slice(0, 1) : all;
  if (contributions.length === 0) {
    return <>{props.empty ?? null}</>;
  }
  return (
    <>
      {contributions.map(contribution => {
        const element = <SlotItem contribution={contribution} props={props.props} />;
        return (
          <Fragment key={contribution.id}>
            {props.wrap ? props.wrap(element, contribution) : element}
          </Fragment>
        );
      })}
    </>
  );
}
