import { safeHttpUrl } from '@callboard/catalog-model';
import { NavLink } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { DocsNavNode } from '../../common';
import { docsPagePath, normalizeUrlPath } from '../docsPaths';

/**
 * The site's nav as mkdocs.yml (or the file tree) gives it: pages, sections that fold, and
 * external links. The current page is highlighted and its sections are open.
 */
export function SiteNav(props: {
  nav: readonly DocsNavNode[];
  basePath: string;
  currentUrlPath: string;
  onNavigate?: () => void;
}) {
  return (
    <div>
      {props.nav.map((node, index) => (
        <NavNode key={`${index}-${node.title}`} node={node} {...props} />
      ))}
    </div>
  );
}

function NavNode(props: {
  node: DocsNavNode;
  basePath: string;
  currentUrlPath: string;
  onNavigate?: () => void;
}) {
  const { node } = props;
  const current = normalizeUrlPath(props.currentUrlPath);
  const isCurrent = node.urlPath !== undefined && normalizeUrlPath(node.urlPath) === current;
  const holdsCurrent = containsPage(node, current);
  const [opened, setOpened] = useState(holdsCurrent);
  // A page reached another way (previous/next, a link) opens the sections above it.
  const [seenCurrent, setSeenCurrent] = useState(current);
  if (seenCurrent !== current) {
    setSeenCurrent(current);
    if (holdsCurrent) setOpened(true);
  }

  if (node.children && node.children.length > 0) {
    const children = node.children.map((child, index) => (
      <NavNode key={`${index}-${child.title}`} {...props} node={child} />
    ));
    const common = {
      label: node.title,
      opened,
      onChange: setOpened,
      active: isCurrent,
      'aria-current': isCurrent ? ('page' as const) : undefined,
      childrenOffset: 'sm',
    };
    // A section with an index page is a link that also opens the section.
    return node.urlPath !== undefined ? (
      <NavLink
        {...common}
        component={Link}
        to={docsPagePath(props.basePath, node.urlPath)}
        onClick={props.onNavigate}
      >
        {children}
      </NavLink>
    ) : (
      <NavLink {...common} component="button" type="button">
        {children}
      </NavLink>
    );
  }
  if (node.url !== undefined) {
    const href = safeHttpUrl(node.url);
    return href ? (
      <NavLink
        component="a"
        href={href}
        target="_blank"
        rel="noopener noreferrer"
        label={node.title}
        rightSection={<IconExternalLink size={14} aria-label="(opens in a new tab)" role="img" />}
      />
    ) : (
      <NavLink label={node.title} disabled description="Not a web address, so not linked" />
    );
  }
  if (node.urlPath === undefined) return <NavLink label={node.title} disabled />;
  return (
    <NavLink
      component={Link}
      to={docsPagePath(props.basePath, node.urlPath)}
      label={node.title}
      active={isCurrent}
      aria-current={isCurrent ? 'page' : undefined}
      onClick={props.onNavigate}
    />
  );
}

function containsPage(node: DocsNavNode, urlPath: string): boolean {
  return (node.children ?? []).some(
    child =>
      (child.urlPath !== undefined && normalizeUrlPath(child.urlPath) === urlPath) ||
      containsPage(child, urlPath),
  );
}
