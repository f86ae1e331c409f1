import { Anchor, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { safeHttpUrl } from '@callboard/catalog-model';

/**
 * A link that leaves the portal, opened in a new tab without giving that page a handle on ours.
 * Only http(s) URLs become links; anything else (a `javascript:` URL in a hostile descriptor,
 * a `file:` path) is shown as text so it can be read but never run.
 */
export function ExternalLink(props: { href: string; children?: ReactNode; size?: string }) {
  const href = safeHttpUrl(props.href);
  if (!href) {
    return (
      <Text span size={props.size ?? 'sm'} style={{ overflowWrap: 'anywhere' }}>
        {props.children ?? props.href}
        {props.children ? (
          // The reader can still see where a refused link pointed.
          <Text span size="xs" c="dimmed">
            {' '}
            ({props.href}: not a web address, so not linked)
          </Text>
        ) : null}
      </Text>
    );
  }
  return (
    <Anchor
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      size={props.size ?? 'sm'}
      style={{ overflowWrap: 'anywhere' }}
    >
      {props.children ?? props.href}
      <IconExternalLink
        size={12}
        aria-label="(opens in a new tab)"
        role="img"
        style={{ marginLeft: 4, verticalAlign: 'baseline' }}
      />
    </Anchor>
  );
}
