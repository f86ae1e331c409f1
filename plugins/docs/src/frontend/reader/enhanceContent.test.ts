// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { enhanceTabbedSets, prepareCodeBlocks } from './enhanceContent';

function container(html: string): HTMLElement {
  const element = document.createElement('div');
  element.innerHTML = html;
  document.body.append(element);
  return element;
}

const tabbedSet = [
  '<div class="tabbed-set">',
  '<div class="tabbed-block"><p class="tabbed-label">Python</p><p>py</p></div>',
  '<div class="tabbed-block tabbed-selected"><p class="tabbed-label">JS</p><p>js</p></div>',
  '</div>',
].join('');

describe('tabbed sets', () => {
  it('become a tab list whose buttons show one block at a time', () => {
    const root = container(tabbedSet);
    enhanceTabbedSets(root);
    enhanceTabbedSets(root);
    const tabs = [...root.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    const panels = [...root.querySelectorAll<HTMLElement>('[role="tabpanel"]')];
    expect(tabs.map(tab => tab.textContent)).toEqual(['Python', 'JS']);
    // The block marked selected (`===+`) starts selected.
    expect(tabs.map(tab => tab.getAttribute('aria-selected'))).toEqual(['false', 'true']);
    expect(panels.map(panel => panel.hidden)).toEqual([true, false]);
    expect(panels[0]!.getAttribute('aria-labelledby')).toBe(tabs[0]!.id);
    expect(tabs[0]!.getAttribute('aria-controls')).toBe(panels[0]!.id);

    tabs[0]!.click();
    expect(panels.map(panel => panel.hidden)).toEqual([false, true]);
    tabs[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    expect(tabs.map(tab => tab.getAttribute('aria-selected'))).toEqual(['false', 'true']);
  });
});

describe('code blocks', () => {
  it('are wrapped with a place for a copy button, Mermaid sources left alone', () => {
    const root = container(
      '<pre><code class="hljs">key: 1\n</code></pre><pre class="mermaid">graph TD; A--&gt;B</pre>',
    );
    const first = prepareCodeBlocks(root);
    const again = prepareCodeBlocks(root);
    expect(first.map(target => target.text)).toEqual(['key: 1\n']);
    expect(again.map(target => target.key)).toEqual(first.map(target => target.key));
    expect(root.querySelectorAll('.docs-code').length).toBe(1);
    expect(root.querySelector<HTMLElement>('.docs-code > pre')?.tabIndex).toBe(0);
    expect(root.querySelector('pre.mermaid')?.parentElement).toBe(root);
  });
});
