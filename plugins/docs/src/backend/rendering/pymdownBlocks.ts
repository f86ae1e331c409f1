import type { MarkdownIt, StateBlock, Token } from 'markdown-it';

/**
 * The indented containers of Python-Markdown and pymdownx that MkDocs sites use, parsed by
 * markdown-it's own block tokenizer (this plugin only finds where a container starts and ends):
 *
 * - admonitions: `!!! note "Title"` (Python-Markdown's `admonition`),
 * - collapsible blocks: `??? tip "Title"`, open with `???+` (`pymdownx.details`),
 * - tabs: `=== "Tab"` (`pymdownx.tabbed`); consecutive tabs form one set, `===!` starts a new one.
 *
 * The body is every following line indented by four more spaces than the marker (or blank), as in
 * Python-Markdown. A marker line that does not fit the syntax stays a paragraph.
 */
export function pymdownBlocks(md: MarkdownIt): void {
  md.block.ruler.before('fence', 'pymdown_blocks', containerRule, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
}

/** `!!! type1 type2 "title"`: classes are words, the title is optional (and may be empty). */
const admonitionHeader = /^([\w-]+(?:[ \t]+[\w-]+)*)(?:[ \t]+"(.*)")?[ \t]*$/;
/** `=== "Tab title"`. */
const tabHeader = /^"(.*)"[ \t]*$/;

type Marker = '!!!' | '???' | '???+' | '===' | '===!' | '===+';

interface Header {
  marker: Marker;
  classes: string[];
  title: string | undefined;
}

function parseHeader(line: string): Header | undefined {
  const match = /^(!!!|\?\?\?\+?|===[!+]?)[ \t]+(.*)$/.exec(line);
  if (!match) return undefined;
  const marker = match[1] as Marker;
  const rest = match[2]!;
  if (marker.startsWith('===')) {
    const tab = tabHeader.exec(rest);
    return tab ? { marker, classes: [], title: tab[1]! } : undefined;
  }
  const admonition = admonitionHeader.exec(rest);
  if (!admonition) return undefined;
  const classes = admonition[1]!.split(/[ \t]+/).map(name => name.toLowerCase());
  const title = admonition[2] ?? capitalize(classes[0]!);
  return { marker, classes, title };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function containerRule(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
): boolean {
  // Four spaces past the current indent is an indented code block, not a marker.
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const header = parseHeader(state.src.slice(start, state.eMarks[startLine]));
  if (!header) return false;
  if (silent) return true;

  const bodyIndent = state.sCount[startLine]! + 4;
  let next = startLine + 1;
  while (next < endLine && (state.isEmpty(next) || state.sCount[next]! >= bodyIndent)) next++;
  let bodyEnd = next;
  while (bodyEnd > startLine + 1 && state.isEmpty(bodyEnd - 1)) bodyEnd--;

  const lines: [number, number] = [startLine, bodyEnd];
  if (header.marker.startsWith('===')) openTab(state, header, lines);
  else openAdmonition(state, header, lines);

  const saved = {
    parentType: state.parentType,
    lineMax: state.lineMax,
    blkIndent: state.blkIndent,
  };
  state.parentType = 'pymdown' as typeof state.parentType;
  state.lineMax = bodyEnd;
  state.blkIndent = bodyIndent;
  state.md.block.tokenize(state, startLine + 1, bodyEnd);
  Object.assign(state, saved);

  if (header.marker.startsWith('===')) {
    state.push('pymdown_tab_close', 'div', -1);
    state.push('pymdown_tabbed_set_close', 'div', -1);
  } else {
    state.push('pymdown_container_close', header.marker === '!!!' ? 'div' : 'details', -1);
  }
  state.line = next;
  return true;
}

function pushTitle(
  state: StateBlock,
  tag: string,
  className: string | undefined,
  title: string,
  lines: [number, number],
): void {
  const open = state.push('pymdown_title_open', tag, 1);
  if (className) open.attrSet('class', className);
  open.map = [lines[0], lines[0] + 1];
  const inline: Token = state.push('inline', '', 0);
  inline.content = title;
  inline.map = [lines[0], lines[0] + 1];
  inline.children = [];
  state.push('pymdown_title_close', tag, -1);
}

function openAdmonition(state: StateBlock, header: Header, lines: [number, number]): void {
  const details = header.marker !== '!!!';
  const open = state.push('pymdown_container_open', details ? 'details' : 'div', 1);
  open.attrSet(
    'class',
    details ? header.classes.join(' ') : ['admonition', ...header.classes].join(' '),
  );
  if (header.marker === '???+') open.attrSet('open', '');
  open.map = lines;
  open.markup = header.marker;
  if (details) pushTitle(state, 'summary', undefined, header.title ?? '', lines);
  else if (header.title) pushTitle(state, 'p', 'admonition-title', header.title, lines);
}

/**
 * A tab joins the set the previous block closed, unless the marker is `===!`: the set's closing
 * token is taken back and pushed again after this tab.
 */
function openTab(state: StateBlock, header: Header, lines: [number, number]): void {
  const previous = state.tokens.at(-1);
  const continues =
    header.marker !== '===!' &&
    previous?.type === 'pymdown_tabbed_set_close' &&
    previous.level === state.level;
  if (continues) {
    // Pushing the close had left the set's level; taking it back re-enters it.
    state.tokens.pop();
    state.level++;
  } else {
    const set = state.push('pymdown_tabbed_set_open', 'div', 1);
    set.attrSet('class', 'tabbed-set');
    set.map = lines;
  }
  const tab = state.push('pymdown_tab_open', 'div', 1);
  tab.attrSet('class', header.marker === '===+' ? 'tabbed-block tabbed-selected' : 'tabbed-block');
  tab.map = lines;
  pushTitle(state, 'p', 'tabbed-label', header.title ?? '', lines);
}
