import { Suspense, type ReactNode } from 'react';
import { ErrorBoundary } from 'react-error-boundary';
import { useLocation } from 'react-router-dom';
import { PageLoader } from './PageLoader';
import { RouteError } from './RouteError';

/**
 * Wraps one page: its lazy chunk suspends here and a crash stops here, so the header and
 * sidebar keep working. Navigating elsewhere clears the error.
 */
export function RouteBoundary(props: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary FallbackComponent={RouteError} resetKeys={[pathname]}>
      <Suspense fallback={<PageLoader />}>{props.children}</Suspense>
    </ErrorBoundary>
  );
}
