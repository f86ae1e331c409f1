import type { Entity } from '@callboard/catalog-model';
import { SlotItem, useSlotContributions } from '@callboard/plugin-api/frontend';
import { Tabs } from '@mantine/core';
import { useEffect, useRef, type MouseEvent } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { entityPagePath } from '../../common';
import { TabNotFound } from './TabNotFound';

/**
 * The entity's tabs from the `entity.tabs` slot. Each tab is a link to its own URL (the overview
 * at the entity path itself, others below it), so tabs can be shared, bookmarked and undone with
 * Back; nested routes render the one that matches.
 */
export function EntityTabs(props: {
  entity: Entity;
  /** The entity as the URL spells it, so tab links keep the address the reader came by. */
  urlRef: { kind: string; namespace: string; name: string };
}) {
  const tabs = useSlotContributions('entity.tabs', { entity: props.entity });
  const navigate = useNavigate();
  const rest = useParams()['*'] ?? '';
  const current = rest.split('/')[0] ?? '';
  const active = tabs.find(tab => tab.path === current);
  const basePath = entityPagePath(props.urlRef);
  const tabPath = (path: string) => (path ? `${basePath}/${path}` : basePath);
  const listRef = useRef<HTMLDivElement>(null);
  const refocusTab = useRef(false);

  // The app moves focus to the page's main area after every navigation (as a page load would);
  // someone moving through the tabs with the arrow keys must stay on the tab list instead.
  // Its effect runs after this one, hence the timeout.
  useEffect(() => {
    if (!refocusTab.current) return undefined;
    refocusTab.current = false;
    const timer = setTimeout(() => {
      listRef.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
    }, 0);
    return () => clearTimeout(timer);
  }, [current]);

  return (
    <Tabs
      // Tab values are contribution ids: Mantine refuses '' (the overview's path) as a value.
      value={active ? active.id : null}
      onChange={value => {
        const tab = tabs.find(candidate => candidate.id === value);
        if (!tab) return;
        refocusTab.current = listRef.current?.contains(document.activeElement) ?? false;
        void navigate(tabPath(tab.path));
      }}
      keepMounted={false}
    >
      <Tabs.List aria-label="Entity views" ref={listRef}>
        {tabs.map(tab => (
          <Tabs.Tab
            key={tab.id}
            value={tab.id}
            renderRoot={({ onClick, ...rootProps }: { onClick?: (event: MouseEvent) => void }) => (
              <Link
                {...rootProps}
                to={tabPath(tab.path)}
                onClick={(event: MouseEvent<HTMLAnchorElement>) => {
                  // A plain click switches tabs through `onChange`; ctrl/cmd/middle clicks are
                  // left to the browser, which opens the tab's URL in a new browser tab.
                  if (isPlainClick(event)) {
                    event.preventDefault();
                    onClick?.(event);
                  }
                }}
              />
            )}
          >
            {tab.title}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {active ? (
        <Tabs.Panel value={active.id} pt="lg">
          <Routes>
            <Route
              path={active.path ? `${active.path}/*` : '/'}
              element={
                // Keyed: a tab that crashed must not keep its error boundary's state for the next.
                <SlotItem key={active.id} contribution={active} props={{ entity: props.entity }} />
              }
            />
          </Routes>
        </Tabs.Panel>
      ) : (
        <TabNotFound tab={current} overviewPath={basePath} />
      )}
    </Tabs>
  );
}

function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
