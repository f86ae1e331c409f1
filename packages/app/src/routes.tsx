import type { FrontendPlugin } from '@callboard/plugin-api/frontend';
import type { RouteObject } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { RootError } from './components/RootError';
import { RouteBoundary } from './components/RouteBoundary';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';

/**
 * The app's route tree: the shell's home page, every plugin's pages (each its own error boundary
 * and Suspense, keyed so that each page gets fresh ones), and a 404 for the rest. Two plugins
 * claiming one path is a wiring mistake, so it fails at startup rather than hiding a page.
 */
export function buildRoutes(plugins: readonly FrontendPlugin[]): RouteObject[] {
  const owners = new Map<string, string>([['/', 'the app (home page)']]);
  const pluginRoutes = plugins.flatMap(plugin =>
    plugin.routes.map((route): RouteObject => {
      const owner = owners.get(route.path);
      if (owner) {
        throw new Error(
          `Plugin "${plugin.id}" declares the route ${route.path}, which ${owner} already has`,
        );
      }
      owners.set(route.path, `plugin "${plugin.id}"`);
      const Page = route.component;
      return {
        path: route.path,
        element: (
          <RouteBoundary key={route.path}>
            <Page />
          </RouteBoundary>
        ),
      };
    }),
  );
  return [
    {
      path: '/',
      element: <AppLayout />,
      errorElement: <RootError />,
      children: [
        {
          index: true,
          element: (
            <RouteBoundary key="/">
              <HomePage />
            </RouteBoundary>
          ),
        },
        ...pluginRoutes,
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ];
}
