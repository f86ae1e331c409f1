import type { HLJSApi, LanguageFn } from 'highlight.js';
import type { DefinitionLanguage } from './definitionLanguage';

type HighlightedLanguage = Exclude<DefinitionLanguage, 'plaintext'>;

/** Each grammar is its own small chunk, fetched the first time a definition needs it. */
const grammars: Record<HighlightedLanguage, () => Promise<{ default: LanguageFn }>> = {
  yaml: () => import('highlight.js/lib/languages/yaml'),
  json: () => import('highlight.js/lib/languages/json'),
  graphql: () => import('highlight.js/lib/languages/graphql'),
  protobuf: () => import('highlight.js/lib/languages/protobuf'),
  xml: () => import('highlight.js/lib/languages/xml'),
};

let core: Promise<HLJSApi> | undefined;
const ready = new Map<HighlightedLanguage, Promise<HLJSApi | null>>();

/**
 * highlight.js's core with `language` registered. The promise is cached per language, so
 * components can pass it to React's `use()` on every render. Resolves to null when the chunks
 * cannot load (an outdated tab after a deploy, say): the caller shows the text unhighlighted.
 */
export function loadHighlighter(language: HighlightedLanguage): Promise<HLJSApi | null> {
  let promise = ready.get(language);
  if (!promise) {
    core ??= import('highlight.js/lib/core').then(module => module.default);
    promise = Promise.all([core, grammars[language]()])
      .then(([hljs, grammar]) => {
        if (!hljs.getLanguage(language)) hljs.registerLanguage(language, grammar.default);
        return hljs;
      })
      .catch(() => {
        // Let a later render try again rather than remembering the failure forever.
        ready.delete(language);
        return null;
      });
    ready.set(language, promise);
  }
  return promise;
}
