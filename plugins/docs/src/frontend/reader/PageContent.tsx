import { CopyTextButton } from '@callboard/ui';
import { Typography, useComputedColorScheme } from '@mantine/core';
import { useEffect, useLayoutEffect, useRef, useState, type MouseEvent } from 'react';
import { createPortal } from 'react-dom';
import { useLocation, useNavigate } from 'react-router-dom';
import { routerTarget, type SiteRef } from '../docsPaths';
import classes from './DocsContent.module.css';
import {
  enhanceTabbedSets,
  prepareCodeBlocks,
  scrollToAnchor,
  type CopyTarget,
} from './enhanceContent';
import { renderMermaidBlocks } from './renderMermaid';

/**
 * A page's HTML, as the server sanitized it, and what the browser adds to it: links between
 * pages go through the router (no reload), tabbed sets become tabs, code blocks get a copy
 * button, Mermaid diagrams are drawn, and `#anchor` in the address is scrolled to once the page
 * is there (so a deep link survives a reload).
 */
export function PageContent(props: {
  html: string;
  /** The sites whose links stay under `basePath`: the one read, and the entity showing it. */
  sites: readonly SiteRef[];
  basePath: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const scheme = useComputedColorScheme('light');
  const [copyTargets, setCopyTargets] = useState<CopyTarget[]>([]);

  // Before paint, so that tab labels never flash as plain paragraphs.
  useLayoutEffect(() => {
    const container = ref.current;
    if (!container) return;
    enhanceTabbedSets(container);
    const targets = prepareCodeBlocks(container);
    // The copy buttons are React components drawn into the server's markup through portals;
    // their hosts only exist once that markup is in the DOM.
    setCopyTargets(targets);
  }, [props.html]);

  useEffect(() => {
    const container = ref.current;
    if (!container) return undefined;
    let cancelled = false;
    void renderMermaidBlocks(container, scheme, () => cancelled).then(() => {
      // Diagrams change the height of what is above an anchor: scroll to it again.
      if (!cancelled) scrollToAnchor(container, window.location.hash);
    });
    return () => {
      cancelled = true;
    };
  }, [props.html, scheme]);

  useEffect(() => {
    if (ref.current) scrollToAnchor(ref.current, location.hash);
  }, [props.html, location.hash]);

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (event.defaultPrevented || !isPlainClick(event)) return;
    const anchor = (event.target as Element).closest('a');
    const href = anchor?.getAttribute('href');
    if (!anchor || !href || anchor.target === '_blank' || anchor.hasAttribute('download')) return;
    const target = routerTarget(href, window.location.href, props.sites, props.basePath);
    if (target === undefined) return;
    event.preventDefault();
    const hash = new URL(target, window.location.origin).hash;
    const samePage = new URL(target, window.location.origin).pathname === location.pathname;
    void navigate(target);
    // An anchor already in the address does not change it: scroll by hand.
    if (samePage && ref.current) scrollToAnchor(ref.current, hash);
  };

  return (
    <>
      <Typography>
        {/* Clicks on the links inside are handled here, by delegation. */}
        <div
          ref={ref}
          className={classes.content}
          data-docs-content
          onClick={onClick}
          dangerouslySetInnerHTML={{ __html: props.html }}
        />
      </Typography>
      {copyTargets.map(target =>
        createPortal(
          <CopyTextButton text={target.text} label="Copy the code" />,
          target.host,
          target.key,
        ),
      )}
    </>
  );
}

function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
