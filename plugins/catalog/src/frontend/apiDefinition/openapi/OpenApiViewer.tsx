import {
  Box,
  Center,
  Loader,
  Stack,
  Text,
  useComputedColorScheme,
  useMantineTheme,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ErrorBoundary } from 'react-error-boundary';
import {
  ApiContentWrap,
  ApiInfo,
  AppStore,
  BackgroundStub,
  ContentItems,
  MenuItems,
  OptionsProvider,
  RedocWrap,
  StickyResponsiveSidebar,
  StoreProvider,
  ThemeProvider,
  type RedocRawOptions,
} from 'redoc';
import classes from './OpenApiViewer.module.css';
import { openApiSpecQuery } from './openApiSpecQuery';
import { appHeaderHeight, redocTheme } from './redocTheme';

export interface OpenApiViewerProps {
  definition: string;
  /** What to show instead when the definition cannot be drawn, given the reason in words. */
  fallback: (message: string) => ReactNode;
}

/**
 * An OpenAPI 3 / Swagger 2 definition drawn by Redoc: operations, parameters, schemas and
 * samples. Redoc has no "try it out", so the page sends no requests to the API's servers.
 * This file is the only one importing Redoc, so Redoc loads only when an OpenAPI tab is open.
 */
export function OpenApiViewer(props: OpenApiViewerProps) {
  const spec = useQuery(openApiSpecQuery(props.definition));
  if (spec.isPending) {
    return (
      <Center role="status" mih={160}>
        <Stack align="center" gap="xs">
          <Loader aria-hidden />
          <Text size="sm" c="dimmed">
            Reading the OpenAPI definition…
          </Text>
        </Stack>
      </Center>
    );
  }
  if (spec.isError) {
    return <>{props.fallback(spec.error.message)}</>;
  }
  return (
    // Redoc throws while rendering some malformed documents (a `paths` that is not an object,
    // say): the boundary turns that into the fallback rather than a blank tab.
    <ErrorBoundary
      resetKeys={[spec.data]}
      fallbackRender={({ error }) =>
        props.fallback(
          `The viewer could not draw this definition: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    >
      <RedocView spec={spec.data} />
    </ErrorBoundary>
  );
}

function RedocView(props: { spec: Record<string, unknown> }) {
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme('light');
  const [state, setState] = useState<{ store?: AppStore; error?: unknown }>({});

  // The store is an external resource: its constructor subscribes to window scrolling and the
  // URL hash. Made and disposed in the same effect, each mount owns exactly one (StrictMode's
  // double mount and useMemo's re-runs would leak or kill subscriptions). Redoc reads its
  // options once, so a new colour scheme needs a new store.
  useEffect(() => {
    let store: AppStore;
    try {
      // Redoc annotates the object it is given; each store gets its own copy.
      store = new AppStore(structuredClone(props.spec) as never, undefined, {
        ...redocOptions,
        theme: redocTheme(theme, scheme),
      });
    } catch (error) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- see above: the store only exists in effects
      setState({ error });
      return;
    }
    setState({ store });
    return () => store.dispose();
  }, [props.spec, theme, scheme]);

  if (state.error !== undefined) throw state.error;
  if (!state.store) return null;
  return <RedocLayout store={state.store} scheme={scheme} />;
}

const redocOptions: RedocRawOptions = {
  scrollYOffset: appHeaderHeight,
  // Descriptions are Markdown from the repository: DOMPurify strips scripts, event handlers
  // and javascript: links before Redoc renders them.
  sanitize: true,
  hideDownloadButtons: true,
  // Search would start a web worker for a single API; the browser's find does the job.
  disableSearch: true,
  nativeScrollbars: true,
  hideLoading: true,
  expandResponses: '200,201',
  jsonSamplesExpandLevel: 2,
};

/**
 * Redoc's own layout (menu, content, samples) without its side menu's footer, which loads
 * Redocly's logo from their CDN: the tab makes no requests outside the portal.
 */
function RedocLayout(props: { store: AppStore; scheme: 'light' | 'dark' }) {
  const { store } = props;
  const { menu, options } = store;
  // After the first paint: marks the menu item for the URL's hash and scrolls to it.
  useEffect(() => store.onDidMount(), [store]);
  return (
    <Box className={classes.viewer} data-scheme={props.scheme}>
      <ThemeProvider theme={options.theme}>
        <StoreProvider value={store}>
          <OptionsProvider value={options}>
            <RedocWrap className="redoc-wrap">
              <StickyResponsiveSidebar menu={menu} className="menu-content">
                <nav aria-label="API operations" style={{ height: '100%', overflowY: 'auto' }}>
                  <MenuItems
                    items={menu.items}
                    root
                    onActivate={item => menu.activateAndScroll(item, true)}
                  />
                </nav>
              </StickyResponsiveSidebar>
              <ApiContentWrap className="api-content">
                <ApiInfo store={store} />
                <ContentItems items={menu.items as never} />
              </ApiContentWrap>
              <BackgroundStub />
            </RedocWrap>
          </OptionsProvider>
        </StoreProvider>
      </ThemeProvider>
    </Box>
  );
}
