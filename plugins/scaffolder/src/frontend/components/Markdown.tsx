import { Typography } from '@mantine/core';
import { useMemo } from 'react';
import { renderMarkdown } from '../lib/renderMarkdown';
import classes from './Markdown.module.css';

/** Markdown rendered to sanitized HTML (see renderMarkdown), in Mantine's typography styles. */
export function Markdown(props: { content: string }) {
  const html = useMemo(() => renderMarkdown(props.content), [props.content]);
  // Safe: renderMarkdown drops raw HTML and sanitizes what remains.
  return <Typography className={classes.markdown} dangerouslySetInnerHTML={{ __html: html }} />;
}
