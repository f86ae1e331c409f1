import { MantineProvider } from '@mantine/core';
import {
  PluginRegistryProvider,
  SlotChromeProvider,
  type FrontendPlugin,
} from '@callboard/plugin-api/frontend';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { slotChrome } from './components/slotChrome';
import { createQueryClient } from './queryClient';
import { buildRoutes } from './routes';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme';

export interface AppProps {
  plugins: readonly FrontendPlugin[];
  /** Tests pass their own (no retries, say); the app makes one by default. */
  queryClient?: QueryClient;
}

/** The whole app: theme, server-state cache, plugin registry, slot chrome and router. */
export function App(props: AppProps) {
  const [queryClient] = useState(() => props.queryClient ?? createQueryClient());
  const [router] = useState(() => createBrowserRouter(buildRoutes(props.plugins)));
  return (
    <MantineProvider
      theme={theme}
      defaultColorScheme="auto"
      colorSchemeManager={colorSchemeManager}
      cssVariablesResolver={cssVariablesResolver}
    >
      <QueryClientProvider client={queryClient}>
        <PluginRegistryProvider plugins={props.plugins}>
          <SlotChromeProvider chrome={slotChrome}>
            <RouterProvider router={router} />
          </SlotChromeProvider>
        </PluginRegistryProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
