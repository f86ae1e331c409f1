import { AppShell, em, getBreakpointValue, useMantineTheme } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { Outlet, ScrollRestoration, useLocation } from 'react-router-dom';
import { AppHeader } from './AppHeader';
import { SideNav } from './SideNav';
import { SkipLink } from './SkipLink';

const mainId = 'main-content';
const navId = 'app-navigation';
/** Below this breakpoint the sidebar becomes a menu behind the header's burger button. */
const navbarBreakpoint = 'sm';

/**
 * After a client-side navigation, move focus to the new page's content, as a full page load
 * would reset it; screen readers then start reading the new page.
 */
function useFocusMainOnNavigate() {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current !== pathname) {
      previous.current = pathname;
      document.getElementById(mainId)?.focus({ preventScroll: true });
    }
  }, [pathname]);
}

/** The frame around every page: header, sidebar from the plugins' nav items, main area. */
export function AppLayout() {
  const [navOpened, nav] = useDisclosure(false);
  const theme = useMantineTheme();
  const phone = useMediaQuery(
    `(max-width: ${em(getBreakpointValue(navbarBreakpoint, theme.breakpoints) - 0.1)})`,
    false,
    { getInitialValueInEffect: false },
  );
  useFocusMainOnNavigate();
  return (
    <>
      <SkipLink targetId={mainId} />
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 240, breakpoint: navbarBreakpoint, collapsed: { mobile: !navOpened } }}
        padding={{ base: 'md', sm: 'lg' }}
      >
        <AppShell.Header>
          <AppHeader navOpened={navOpened} onToggleNav={nav.toggle} navId={navId} />
        </AppShell.Header>
        {/* Collapsed on a phone, the sidebar is only moved off screen: `inert` keeps its links
            out of the tab order and away from screen readers until the menu button opens it. */}
        <AppShell.Navbar
          id={navId}
          aria-label="Main"
          p="sm"
          style={{ overflowY: 'auto' }}
          inert={phone && !navOpened}
        >
          <SideNav onNavigate={nav.close} />
        </AppShell.Navbar>
        <AppShell.Main id={mainId} tabIndex={-1} style={{ outline: 'none' }}>
          <Outlet />
        </AppShell.Main>
      </AppShell>
      <ScrollRestoration />
    </>
  );
}
