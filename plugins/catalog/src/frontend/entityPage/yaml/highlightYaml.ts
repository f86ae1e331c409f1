import hljs from 'highlight.js/lib/core';
import yamlLanguage from 'highlight.js/lib/languages/yaml';

// Only the YAML grammar: the full highlight.js bundle would add every language to this chunk.
hljs.registerLanguage('yaml', yamlLanguage);

/**
 * Highlighted HTML for YAML text. highlight.js escapes the text it wraps, so the result is safe
 * to set as HTML even when the entity holds markup or script.
 */
export function highlightYaml(text: string): string {
  return hljs.highlight(text, { language: 'yaml', ignoreIllegals: true }).value;
}
