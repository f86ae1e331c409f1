import { ActionIcon, CopyButton, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import classes from './CodeBlock.module.css';

/**
 * Code in a scrollable block that keyboard users can focus and scroll, optionally coloured and
 * with a copy button. `html` is a highlighter's output (highlight.js escapes the text, so markup
 * in the code is shown, never run); without it the plain `text` is shown.
 */
export function CodeBlock(props: {
  /** The accessible name of the block, e.g. "OpenAPI definition". */
  label: string;
  text: string;
  html?: string;
  language?: string;
  /** Shows a copy button with this label ("Copy the definition"). */
  copyLabel?: string;
}) {
  return (
    <div className={classes.wrapper}>
      <pre
        className={classes.code}
        tabIndex={0}
        role="region"
        aria-label={props.label}
        data-language={props.language}
      >
        {props.html !== undefined ? (
          <code className="hljs" dangerouslySetInnerHTML={{ __html: props.html }} />
        ) : (
          <code>{props.text}</code>
        )}
      </pre>
      {props.copyLabel ? (
        <CopyTextButton text={props.text} label={props.copyLabel} className={classes.copy} />
      ) : null}
    </div>
  );
}

/** An icon button that copies `text`, saying so for two seconds. */
export function CopyTextButton(props: { text: string; label: string; className?: string }) {
  return (
    <CopyButton value={props.text} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : props.label} withArrow>
          <ActionIcon
            className={props.className}
            variant="default"
            size="md"
            onClick={copy}
            aria-label={copied ? 'Copied' : props.label}
          >
            {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}
