import type { MarkdownIt, StateCore, Token } from 'markdown-it';

export interface Heading {
  level: number;
  /** The anchor: Python-Markdown's `toc` slug, so `page.md#section_1` links keep working. */
  id: string;
  text: string;
}

/** A run of a page under one heading: what search indexes as one document of a long page. */
export interface Section {
  /** The heading's anchor; `''` for the text before the first heading. */
  id: string;
  title: string;
  text: string;
}

export interface HeadingsEnv {
  [key: string | symbol]: unknown;
  headings?: Heading[];
  sections?: Section[];
}

/**
 * Python-Markdown's default `toc` slug (what MkDocs and TechDocs produce): accents folded to
 * ASCII, anything but word characters, spaces and hyphens dropped, lower case, runs of spaces and
 * hyphens joined by one hyphen.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}

/** Python-Markdown's `unique`: `x`, then `x_1`, `x_2`… (an id ending in `_<n>` counts up). */
function unique(id: string, used: Set<string>): string {
  let candidate = id;
  while (used.has(candidate)) {
    const numbered = /^(.*)_(\d+)$/.exec(candidate);
    candidate = numbered ? `${numbered[1]}_${Number(numbered[2]) + 1}` : `${candidate}_1`;
  }
  return candidate;
}

/** The text a reader sees in an inline run (no markup). */
export function inlineText(children: readonly Token[] | null): string {
  let text = '';
  for (const child of children ?? []) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' ';
    else if (child.type === 'image') text += inlineText(child.children);
  }
  return text;
}

function collect(state: StateCore): void {
  const env = state.env as HeadingsEnv;
  const used = new Set<string>();
  const headings: Heading[] = [];
  const sections: Section[] = [{ id: '', title: '', text: '' }];
  const append = (text: string) => {
    const section = sections.at(-1)!;
    section.text = section.text ? `${section.text} ${text}` : text;
  };
  const tokens = state.tokens;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.type === 'heading_open') {
      const text = inlineText(tokens[index + 1]?.children ?? null).trim();
      // An id given with attr_list (`## Title {#custom}`) wins, and is reserved like the others.
      const given = token.attrGet('id');
      const id = unique(given === null ? slugify(text) : String(given), used);
      used.add(id);
      token.attrSet('id', id);
      headings.push({ level: Number(token.tag.slice(1)), id, text });
      sections.push({ id, title: text, text: '' });
      index += 2;
    } else if (token.type === 'inline') {
      const text = inlineText(token.children).trim();
      if (text) append(text);
    } else if (token.type === 'fence' || token.type === 'code_block') {
      const text = token.content.trim();
      if (text) append(text);
    }
  }
  env.headings = headings;
  env.sections = sections.filter(section => section.id !== '' || section.text !== '');
}

/** Gives every heading its anchor and records the page's headings and sections in `env`. */
export function headingsAndSections(md: MarkdownIt): void {
  md.core.ruler.push('docs_headings', collect);
}
