import { Text } from '@mantine/core';
import { useId } from 'react';
import { Link } from 'react-router-dom';
import type { DocsHeading } from '../../common';
import { useActiveHeading } from './activeHeading';
import classes from './DocsReader.module.css';

/** Under the app's 60 px header, with room to breathe. */
const spyOffset = 96;

/** The page's headings (levels 2 and 3), the one being read highlighted as the reader scrolls. */
export function PageToc(props: { headings: readonly DocsHeading[] }) {
  const headings = props.headings.filter(heading => heading.level >= 2 && heading.level <= 3);
  const active = useActiveHeading(
    headings.map(heading => heading.id),
    spyOffset,
  );
  const titleId = useId();
  if (headings.length === 0) return null;
  return (
    <nav aria-labelledby={titleId} className={classes.tocList}>
      <Text id={titleId} size="xs" fw={700} tt="uppercase" c="dimmed" mb="xs">
        On this page
      </Text>
      <ul>
        {headings.map(heading => (
          <li key={heading.id} data-level={heading.level}>
            <Link
              to={{ hash: `#${encodeURIComponent(heading.id)}` }}
              className={classes.tocLink}
              data-active={heading.id === active || undefined}
              aria-current={heading.id === active ? 'location' : undefined}
              onClick={() => {
                // The same anchor twice does not change the address: scroll by hand.
                document.getElementById(heading.id)?.scrollIntoView({ block: 'start' });
              }}
            >
              {heading.text}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
