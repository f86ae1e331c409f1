import hljs from 'highlight.js';
import MarkdownIt from 'markdown-it';
import abbr from 'markdown-it-abbr';
import attrs from 'markdown-it-attrs';
import deflist from 'markdown-it-deflist';
import footnote from 'markdown-it-footnote';
import taskLists from 'markdown-it-task-lists';
import { headingsAndSections, type Heading, type HeadingsEnv, type Section } from './headings';
import { pymdownBlocks } from './pymdownBlocks';
import { sanitizeDocsHtml, type RewriteUrl } from './sanitizeDocsHtml';
import { expandSnippets } from './snippets';

export interface RenderOptions {
  /** Resolves each link and image (relative ones to the portal's URLs); default: kept as is. */
  rewriteUrl?: RewriteUrl;
  /** Reads a file of the site for `--8<--` snippets; without it, snippets are problems. */
  readSnippet?: (path: string) => string | undefined;
}

export interface RenderedPage {
  /** Sanitized HTML, ready to be put in the page. */
  html: string;
  /** The first level-1 heading's text: the title of a page the nav names without one. */
  title: string | undefined;
  headings: Heading[];
  /** The page's text by heading, for search. */
  sections: Section[];
  /** What could not be rendered as written (missing snippets…); the page renders anyway. */
  problems: string[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, char => `&#${char.charCodeAt(0)};`);
}

/** Code highlighted by language on the server (highlight.js classes); Mermaid left to the browser. */
function highlight(code: string, language: string): string {
  const name = language.toLowerCase();
  if (name === 'mermaid') return `<pre class="mermaid">${escapeHtml(code)}</pre>`;
  if (!name || !hljs.getLanguage(name)) return '';
  const { value } = hljs.highlight(code, { language: name, ignoreIllegals: true });
  return `<pre><code class="hljs language-${escapeHtml(name)}">${value}</code></pre>`;
}

/**
 * CommonMark with GFM's tables, strikethrough, autolinks and task lists, footnotes, definition
 * lists, abbreviations, `attr_list` braces and the pymdownx containers. Raw HTML is parsed (real
 * docs carry badges and tables in it) and then reduced to the allow-list. `maxNesting` bounds
 * pathological nesting (10,000 nested lists render as text past the limit, not a stack overflow).
 */
const markdown = new MarkdownIt({ html: true, linkify: true, highlight, maxNesting: 40 })
  .use(footnote)
  .use(deflist)
  .use(abbr)
  .use(taskLists)
  .use(attrs, { allowedAttributes: ['id', 'class'] })
  .use(pymdownBlocks)
  .use(headingsAndSections);

export function renderMarkdown(source: string, options: RenderOptions = {}): RenderedPage {
  const problems: string[] = [];
  let text = source;
  if (text.includes('8<')) {
    const expanded = expandSnippets(text, {
      read: options.readSnippet ?? (() => undefined),
    });
    text = expanded.text;
    problems.push(...expanded.problems);
  }
  const env: HeadingsEnv = {};
  const html = markdown.render(text, env);
  const headings = env.headings ?? [];
  return {
    html: sanitizeDocsHtml(html, options.rewriteUrl ?? (url => url)),
    title: headings.find(heading => heading.level === 1)?.text,
    headings,
    sections: env.sections ?? [],
    problems,
  };
}
