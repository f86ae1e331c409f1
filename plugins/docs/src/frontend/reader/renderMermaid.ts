import type { Mermaid } from 'mermaid';

let loading: Promise<Mermaid> | undefined;
let nextId = 0;

/** Mermaid is large: it is fetched the first time a page has a diagram, and only then. */
function loadMermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then(module => module.default);
  return loading;
}

/**
 * Draws each `pre.mermaid` of `container` as an SVG beside it (the source stays in the page,
 * hidden, so that a change of colour scheme draws it again). `strict` is Mermaid's safe level:
 * labels are sanitized and click handlers refused, and a diagram's `%%{init}%%` cannot lower it.
 * A diagram that does not parse shows its source and why.
 */
export async function renderMermaidBlocks(
  container: HTMLElement,
  scheme: 'light' | 'dark',
  cancelled: () => boolean,
): Promise<void> {
  const blocks = [...container.querySelectorAll<HTMLPreElement>('pre.mermaid')];
  if (blocks.length === 0) return;
  const mermaid = await loadMermaid();
  if (cancelled()) return;
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: scheme === 'dark' ? 'dark' : 'default',
    suppressErrorRendering: true,
  });
  for (const pre of blocks) {
    if (cancelled()) return;
    let figure = pre.nextElementSibling;
    if (!figure?.classList.contains('docs-mermaid')) {
      figure = document.createElement('div');
      figure.className = 'docs-mermaid';
      figure.setAttribute('role', 'img');
      pre.after(figure);
    }
    const source = pre.textContent ?? '';
    try {
      const { svg } = await mermaid.render(`docs-mermaid-${++nextId}`, source);
      if (cancelled()) return;
      // Mermaid's own output at the strict level: sanitized by it with DOMPurify.
      figure.innerHTML = svg;
      figure.setAttribute('aria-label', 'Diagram');
      pre.hidden = true;
    } catch (error) {
      figure.textContent = `This diagram could not be drawn: ${
        error instanceof Error ? error.message : String(error)
      }`;
      figure.removeAttribute('role');
      figure.classList.add('docs-mermaid-error');
      pre.hidden = false;
    }
  }
}
