import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './renderMarkdown';
import { slugify } from './headings';

describe('renderMarkdown', () => {
  it('renders the pymdownx containers MkDocs sites use', () => {
    const page = renderMarkdown(
      [
        '!!! note "Custom title"',
        '    Some *text*',
        '',
        '    more',
        '',
        '!!! danger highlight',
        '    No title given: the type, capitalised',
        '',
        '!!! info ""',
        '    An empty title: none drawn',
        '',
        '??? tip "Collapsed"',
        '    hidden',
        '',
        '???+ warning',
        '    open',
        '',
        '=== "Python"',
        '    py',
        '',
        '=== "JS"',
        '    js',
        '',
        '===! "New set"',
        '    other',
        '',
        '!!!nothing',
      ].join('\n'),
    );
    expect(page.html).toBe(
      [
        '<div class="admonition note">',
        '<p class="admonition-title">Custom title</p>',
        '<p>Some <em>text</em></p>',
        '<p>more</p>',
        '</div>',
        '<div class="admonition danger highlight">',
        '<p class="admonition-title">Danger</p>',
        '<p>No title given: the type, capitalised</p>',
        '</div>',
        '<div class="admonition info">',
        '<p>An empty title: none drawn</p>',
        '</div>',
        '<details class="tip">',
        '<summary>Collapsed</summary>',
        '<p>hidden</p>',
        '</details>',
        '<details class="warning" open>',
        '<summary>Warning</summary>',
        '<p>open</p>',
        '</details>',
        '<div class="tabbed-set">',
        '<div class="tabbed-block">',
        '<p class="tabbed-label">Python</p>',
        '<p>py</p>',
        '</div>',
        '<div class="tabbed-block">',
        '<p class="tabbed-label">JS</p>',
        '<p>js</p>',
        '</div>',
        '</div>',
        '<div class="tabbed-set">',
        '<div class="tabbed-block">',
        '<p class="tabbed-label">New set</p>',
        '<p>other</p>',
        '</div>',
        '</div>',
        '<p>!!!nothing</p>',
        '',
      ].join('\n'),
    );
  });

  it('gives headings the anchors MkDocs gives them, and collects sections for search', () => {
    const page = renderMarkdown(
      '# Getting started\n\nIntro text.\n\n## Setup\n\nRun `npm start`.\n\n## Setup\n\n## Introdução à API!\n\n## Custom {#my-anchor}\n',
    );
    expect(page.title).toBe('Getting started');
    expect(page.headings).toEqual([
      { level: 1, id: 'getting-started', text: 'Getting started' },
      { level: 2, id: 'setup', text: 'Setup' },
      { level: 2, id: 'setup_1', text: 'Setup' },
      { level: 2, id: 'introducao-a-api', text: 'Introdução à API!' },
      { level: 2, id: 'my-anchor', text: 'Custom' },
    ]);
    expect(page.html).toContain('<h2 id="setup_1">Setup</h2>');
    expect(page.sections).toEqual([
      { id: 'getting-started', title: 'Getting started', text: 'Intro text.' },
      { id: 'setup', title: 'Setup', text: 'Run npm start.' },
      { id: 'setup_1', title: 'Setup', text: '' },
      { id: 'introducao-a-api', title: 'Introdução à API!', text: '' },
      { id: 'my-anchor', title: 'Custom', text: '' },
    ]);
    expect(slugify('  Hello -- World_2 ')).toBe('hello-world_2');
  });

  it('renders GFM, footnotes, definition lists, abbreviations, highlighted code and Mermaid', () => {
    const page = renderMarkdown(
      [
        '| a | b |',
        '|:--|--:|',
        '| 1 | 2 |',
        '',
        '- [x] done',
        '- [ ] todo',
        '',
        '~~gone~~ https://example.com',
        '',
        'Term',
        ': Definition',
        '',
        '*[HTML]: Hyper Text Markup Language',
        'HTML here[^1].',
        '',
        '[^1]: The note.',
        '',
        '```yaml',
        'key: 1',
        '```',
        '',
        '```mermaid',
        'graph TD; A-->B',
        '```',
      ].join('\n'),
    );
    expect(page.html).toContain('<th class="align-left">a</th>\n<th class="align-right">b</th>');
    expect(page.html).toContain(
      '<li class="task-list-item"><span class="task-list-box checked"></span> done</li>',
    );
    expect(page.html).toContain(
      '<li class="task-list-item"><span class="task-list-box"></span> todo</li>',
    );
    expect(page.html).toContain(
      '<s>gone</s> <a href="https://example.com" rel="noopener noreferrer">https://example.com</a>',
    );
    expect(page.html).toContain('<dl>\n<dt>Term</dt>\n<dd>Definition</dd>\n</dl>');
    expect(page.html).toContain('<abbr title="Hyper Text Markup Language">HTML</abbr> here');
    expect(page.html).toContain('<li id="fn1" class="footnote-item"><p>The note.');
    expect(page.html).toContain(
      '<pre><code class="hljs language-yaml"><span class="hljs-attr">key:</span> <span class="hljs-number">1</span>\n</code></pre>',
    );
    expect(page.html).toContain('<pre class="mermaid">graph TD; A--&gt;B\n</pre>');
  });

  it('keeps the safe part of raw HTML and drops anything that could run', () => {
    const page = renderMarkdown(
      [
        '<script>alert(1)</script>',
        '<img src="x.png" onerror="alert(2)"> <a href="javascript:alert(3)">js</a>',
        '<iframe src="https://evil.example">fallback</iframe>',
        '<form action="/x"><input name="q"><button>Go</button></form>',
        '<p style="color:red" onclick="x()">styled</p>',
        '<a href="data:text/html,<script>alert(4)</script>">data</a>',
        '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
        '<svg onload="alert(5)"><script>alert(6)</script></svg>',
        '',
        '[md js](javascript:alert(7)) ![md img](javascript:alert(8))',
      ].join('\n'),
    );
    for (const fragment of [
      ...['alert(1)', 'alert(2)', 'alert(4)', 'alert(5)', 'alert(6)', 'onerror', 'onclick'],
      ...['javascript:alert(3)', 'href="javascript', 'src="javascript', 'data:', '<iframe'],
      ...['fallback', '<form', '<input', '<button', 'style=', '<svg', '<script'],
    ]) {
      expect(page.html).not.toContain(fragment);
    }
    // markdown-it refuses the link itself: the text stays, as text.
    expect(page.html).toContain(
      '<p>[md js](javascript:alert(7)) ![md img](javascript:alert(8))</p>',
    );
    expect(page.html).toContain('<img src="x.png" loading="lazy" />');
    expect(page.html).toContain('<a>js</a>');
    expect(page.html).toContain('<p>styled</p>');
    expect(page.html).toContain('Go');
  });

  it('rewrites every link and image, from Markdown and raw HTML alike', () => {
    const seen: string[] = [];
    const page = renderMarkdown(
      '[guide](../guide.md#setup) ![diagram](img/d.png) <a href="other.md">raw</a> [gone](missing.md)',
      {
        rewriteUrl: (url, kind) => {
          seen.push(`${kind} ${url}`);
          if (url === 'missing.md') return undefined;
          return url.startsWith('img/') ? `/api/docs/assets/${url}` : `/docs/x/${url}`;
        },
      },
    );
    expect(seen).toEqual([
      'link ../guide.md#setup',
      'image img/d.png',
      'link other.md',
      'link missing.md',
    ]);
    expect(page.html).toBe(
      '<p><a href="/docs/x/../guide.md#setup">guide</a> <img alt="diagram" src="/api/docs/assets/img/d.png" loading="lazy" /> <a href="/docs/x/other.md">raw</a> <a>gone</a></p>\n',
    );
  });

  it('includes snippets from the site, and names the ones it cannot', () => {
    const files: Record<string, string> = {
      'includes/abbr.md': '*[API]: Application Programming Interface',
      'src/example.py': 'line 1\nline 2\nline 3\nline 4',
      'loop.md': '--8<-- "loop.md"',
    };
    const page = renderMarkdown(
      [
        'The API.',
        '',
        '--8<-- "includes/abbr.md"',
        '',
        '```python',
        '--8<-- "src/example.py:2:3"',
        '```',
        '',
        ';--8<-- "escaped.md"',
        '',
        '--8<--',
        'missing.md',
        'loop.md',
        '--8<--',
      ].join('\n'),
      { readSnippet: path => files[path] },
    );
    expect(page.html).toContain('<abbr title="Application Programming Interface">API</abbr>');
    expect(page.html).toContain(
      'language-python">line <span class="hljs-number">2</span>\nline <span class="hljs-number">3</span>\n</code></pre>',
    );
    expect(page.html).toContain('<p>--8&lt;-- "escaped.md"</p>');
    expect(page.problems).toEqual([
      'snippet missing.md was not found in the site',
      'snippet loop.md includes itself (loop.md → loop.md)',
    ]);
  });

  it('renders pathological input as text, without a stack overflow', () => {
    const nested = `${'- '.repeat(10_000)}deep`;
    const quotes = `${'> '.repeat(10_000)}deep`;
    for (const source of [nested, quotes, '['.repeat(50_000), '*'.repeat(50_000)]) {
      const page = renderMarkdown(source);
      expect(typeof page.html).toBe('string');
    }
  });
});
