import type { Entity } from '@callboard/catalog-model';
import { CodeBlock } from '@callboard/ui';
import { Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { stringify } from 'yaml';
import { highlightYaml } from './highlightYaml';

/**
 * Beyond this size the YAML is shown without colours: highlighting runs on the main thread (about
 * 100 ms per 120 kB), and a page that stops answering is worse than plain text.
 */
const maxHighlightedChars = 120_000;

/** The entity as the catalog serves it, as YAML, with a copy button. */
export function YamlTab(props: { entity: Entity }) {
  const text = useMemo(() => stringify(props.entity, { lineWidth: 0 }), [props.entity]);
  const highlighted = useHighlightedYaml(text);

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        The entity as the catalog serves it: what its catalog-info.yaml said, with the defaults,
        annotations, relations and status the catalog added.
      </Text>
      {text.length > maxHighlightedChars ? (
        <Text size="xs" c="dimmed">
          This entity is large ({Math.round(text.length / 1024)} KB of YAML), so it is shown without
          syntax colours.
        </Text>
      ) : null}
      <CodeBlock
        label="Entity YAML"
        text={text}
        html={highlighted}
        language="yaml"
        copyLabel="Copy YAML"
      />
    </Stack>
  );
}

/**
 * Plain text first, colours a moment later: the text is readable at once, and highlighting a
 * long entity happens after the tab has painted.
 */
function useHighlightedYaml(text: string): string | undefined {
  const [result, setResult] = useState<{ text: string; html: string }>();
  useEffect(() => {
    if (text.length > maxHighlightedChars) return undefined;
    const timer = setTimeout(() => setResult({ text, html: highlightYaml(text) }), 0);
    return () => clearTimeout(timer);
  }, [text]);
  return result?.text === text ? result.html : undefined;
}
