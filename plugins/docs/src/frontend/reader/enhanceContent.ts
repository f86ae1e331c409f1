/**
 * What the server's HTML needs from the browser once it is in the page: tabbed sets become real
 * tabs, and code blocks get a place for a copy button. The HTML carries no script and no style
 * attribute (the CSP forbids both); everything here is DOM, classes and `hidden`.
 */

let nextId = 0;

/**
 * `.tabbed-set > .tabbed-block > p.tabbed-label` (pymdownx.tabbed) → a tab list with one button
 * per block and the blocks as tab panels. Without this the labels read as headings above each
 * block, so the content is never lost. Running twice on one set changes nothing.
 */
export function enhanceTabbedSets(container: HTMLElement): void {
  for (const set of container.querySelectorAll<HTMLElement>('.tabbed-set')) {
    if (set.dataset.tabs === 'on') continue;
    const blocks = [...set.children].filter((child): child is HTMLElement =>
      child.classList.contains('tabbed-block'),
    );
    if (blocks.length === 0) continue;
    set.dataset.tabs = 'on';
    const tablist = document.createElement('div');
    tablist.setAttribute('role', 'tablist');
    tablist.className = 'docs-tablist';
    const buttons = blocks.map((block, index) => {
      const id = `docs-tab-${++nextId}`;
      const label = block.querySelector(':scope > .tabbed-label');
      const button = document.createElement('button');
      button.type = 'button';
      button.id = `${id}-tab`;
      button.className = 'docs-tab';
      button.setAttribute('role', 'tab');
      button.textContent = label?.textContent?.trim() || `Tab ${index + 1}`;
      block.id = block.id || `${id}-panel`;
      button.setAttribute('aria-controls', block.id);
      block.setAttribute('role', 'tabpanel');
      block.setAttribute('aria-labelledby', button.id);
      tablist.append(button);
      return button;
    });
    const select = (selected: number, focus: boolean) => {
      buttons.forEach((button, index) => {
        const isSelected = index === selected;
        button.setAttribute('aria-selected', String(isSelected));
        button.tabIndex = isSelected ? 0 : -1;
        blocks[index]!.hidden = !isSelected;
        if (isSelected && focus) button.focus();
      });
    };
    buttons.forEach((button, index) => {
      button.addEventListener('click', () => select(index, false));
      // The arrow keys move between tabs (WAI-ARIA's tabs pattern); Tab leaves the list.
      button.addEventListener('keydown', event => {
        const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
        if (step === 0) return;
        event.preventDefault();
        select((index + step + buttons.length) % buttons.length, true);
      });
    });
    set.prepend(tablist);
    const initial = blocks.findIndex(block => block.classList.contains('tabbed-selected'));
    select(Math.max(0, initial), false);
  }
}

export interface CopyTarget {
  /** Where the copy button is drawn (a React portal). */
  host: HTMLElement;
  /** Unique per host, for React's list of portals. */
  key: string;
  text: string;
}

/**
 * Every code block (not a Mermaid diagram) wrapped so that a copy button can sit in its corner
 * without scrolling away with wide code, and made focusable so keyboard users can scroll it.
 */
export function prepareCodeBlocks(container: HTMLElement): CopyTarget[] {
  const targets: CopyTarget[] = [];
  for (const pre of container.querySelectorAll<HTMLPreElement>('pre')) {
    if (pre.classList.contains('mermaid') || !pre.querySelector('code')) continue;
    let wrapper = pre.parentElement;
    if (!wrapper?.classList.contains('docs-code')) {
      wrapper = document.createElement('div');
      wrapper.className = 'docs-code';
      pre.before(wrapper);
      wrapper.append(pre);
    }
    let host = wrapper.querySelector<HTMLElement>(':scope > .docs-copy');
    if (!host) {
      host = document.createElement('div');
      host.className = 'docs-copy';
      host.dataset.key = `docs-copy-${++nextId}`;
      wrapper.append(host);
    }
    pre.tabIndex = 0;
    targets.push({ host, key: host.dataset.key ?? '', text: pre.textContent ?? '' });
  }
  return targets;
}

/** Scrolls to the element `#hash` names inside `container`; false when there is none (yet). */
export function scrollToAnchor(container: HTMLElement, hash: string): boolean {
  if (hash.length <= 1) return false;
  let id: string;
  try {
    id = decodeURIComponent(hash.slice(1));
  } catch {
    id = hash.slice(1);
  }
  const target = document.getElementById(id);
  if (!target || !container.contains(target)) return false;
  target.scrollIntoView({ block: 'start' });
  return true;
}
