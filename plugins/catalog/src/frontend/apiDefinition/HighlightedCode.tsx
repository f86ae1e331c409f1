import { Suspense, use, useMemo } from 'react';
import type { DefinitionLanguage } from './definitionLanguage';
import { CodeBlock } from '@callboard/ui';
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
  return <CodeBlock label={props.label} text={props.code} html={html} language={props.language} />;
}
