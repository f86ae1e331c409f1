import { Suspense, use, useMemo } from 'react';
import type { DefinitionLanguage } from './definitionLanguage';
import classes from './HighlightedCode.module.css';
import { loadHighlighter } from './highlighter';

export interface HighlightedCodeProps {
  code: string;
  language: DefinitionLanguage;
  /** The accessible name of the scrollable block, e.g. "GraphQL SDL definition". */
  label: string;
}

/**
 * A definition as a code block, coloured by highlight.js. The plain text shows at once and the
 * colours follow when the grammar has loaded; highlight.js escapes the text, so markup in a
 * definition is shown, never run.
 */
export function HighlightedCode(props: HighlightedCodeProps) {
  if (props.language === 'plaintext') {
    return <CodeBlock label={props.label} text={props.code} language="plaintext" />;
  }
  return (
    <Suspense fallback={<CodeBlock label={props.label} text={props.code} language="plaintext" />}>
      <Highlighted {...props} language={props.language} />
    </Suspense>
  );
}

function Highlighted(
  props: HighlightedCodeProps & { language: Exclude<DefinitionLanguage, 'plaintext'> },
) {
  const hljs = use(loadHighlighter(props.language));
  const html = useMemo(
    () => hljs?.highlight(props.code, { language: props.language, ignoreIllegals: true }).value,
    [hljs, props.code, props.language],
  );
  if (html === undefined) {
    return <CodeBlock label={props.label} text={props.code} language="plaintext" />;
  }
  return <CodeBlock label={props.label} html={html} language={props.language} />;
}

/** Plain text in a scrollable block that keyboard users can focus and scroll. */
export function CodeBlock(props: {
  label: string;
  language: DefinitionLanguage;
  text?: string;
  /** highlight.js output: the text escaped, wrapped in `<span class="hljs-…">`. */
  html?: string;
}) {
  return (
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
  );
}
