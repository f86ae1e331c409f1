import type { MouseEvent } from 'react';
import classes from './SkipLink.module.css';

/** The first tab stop: jumps past the header and sidebar to the page's own content. */
export function SkipLink(props: { targetId: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // Move focus without touching the URL's hash, which the router would treat as a navigation.
    event.preventDefault();
    document.getElementById(props.targetId)?.focus();
  };
  return (
    <a className={classes.skipLink} href={`#${props.targetId}`} onClick={onClick}>
      Skip to content
    </a>
  );
}
